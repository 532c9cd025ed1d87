// Older framework majors installed under npm aliases for the behaviour suite; typed as their current major.
declare module 'express4' {
  import express from 'express';
  export default express;
}
