// Older framework majors installed under npm aliases for the behaviour suite; typed as their current major.
declare module 'express4' {
  import express from 'express';
  export default express;
}

declare module 'koa2' {
  import Koa from 'koa';
  export default Koa;
}

declare module 'fastify4' {
  import fastify from 'fastify';
  export default fastify;
}
