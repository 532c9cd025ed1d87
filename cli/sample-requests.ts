import type { LanguagePair, Segment, TranslateRequest } from '../src/index.js';

/** Phrase sends at most this many segments in one request (the document's `maxItems`). */
export const MAX_SEGMENTS = 500;

export function numberedSegments(count: number, label = 'Segment'): Segment[] {
  return Array.from({ length: count }, (_, index) => ({
    idx: String(index + 1),
    text: `${label} ${index + 1}: the quick brown fox jumps over the lazy dog.`,
  }));
}

/**
 * Ordinary sentences in several scripts, as Phrase sends them from real projects: UI strings, help text,
 * legal text. Mixed into the segments of the realistic requests below.
 */
const SENTENCES = [
  'Your subscription renews automatically at the end of each billing period unless you cancel it in your account settings.',
  'If the problem persists, contact our support team and include the order number shown in the confirmation email.',
  'Die Änderungen werden erst wirksam, nachdem Sie die Seite neu geladen und sich erneut angemeldet haben.',
  'Veuillez vérifier que l’adresse de livraison est correcte avant de confirmer votre commande définitive.',
  'Los datos personales se tratarán de acuerdo con la política de privacidad vigente en el momento del registro.',
  'Перед началом установки убедитесь, что на устройстве достаточно свободного места и стабильное подключение к сети.',
  'ご注文いただいた商品は、通常三営業日以内に発送されます。配送状況はアカウントページで確認できます。',
  '如果您忘记了密码，请点击登录页面上的“忘记密码”链接，我们会向您的注册邮箱发送重置说明。',
  'يرجى التأكد من صحة البيانات المدخلة قبل إرسال النموذج، إذ لا يمكن تعديلها بعد المراجعة.',
  'Η εφαρμογή αποθηκεύει αυτόματα τις αλλαγές σας κάθε λίγα λεπτά, ώστε να μην χάσετε την εργασία σας.',
  '새 버전에서는 검색 속도가 크게 향상되었으며, 여러 언어로 된 문서를 한 번에 번역할 수 있습니다.',
  'Kliknij „Zapisz”, aby zachować zmiany, lub „Anuluj”, aby wrócić do poprzedniej wersji dokumentu.',
];

/** `count` segments of four ordinary sentences each (about 360 characters, 570 bytes of JSON), mixed scripts. */
export function realisticSegments(count: number, label = 'r'): Segment[] {
  return Array.from({ length: count }, (_, index) => {
    const parts = [0, 1, 2, 3].map((offset) => SENTENCES[(index * 5 + offset * 7) % SENTENCES.length]);
    return { idx: `${label}${index + 1}`, text: parts.join(' ') };
  });
}

/** One segment of `codePoints` characters (Unicode code points, as the engine counts them), ordinary sentences. */
export function longSegment(codePoints: number): Segment {
  const characters: string[] = [];
  for (let index = 0; characters.length < codePoints; index++) {
    characters.push(...`${SENTENCES[index % SENTENCES.length]} `);
  }
  return { idx: 'long-1', text: characters.slice(0, codePoints).join('').trimEnd() };
}

export function translateRequest(pair: LanguagePair, segments: Segment[], extra: Partial<TranslateRequest> = {}): TranslateRequest {
  return { sourceLanguage: pair.sourceLanguage, targetLanguage: pair.targetLanguage, segments, ...extra };
}

/** Text that breaks engines which mishandle encodings: accents, CJK, right-to-left, emoji, astral planes. */
export const UNICODE_SEGMENTS: Segment[] = [
  'Grüße aus Köln – “quotes”, <b>markup</b> & entities',
  '日本語のテキストと中文文本',
  'مرحبا بالعالم',
  'שלום עולם',
  'Emoji 👋🏽 👩‍👩‍👧‍👦 🇩🇪',
  'Combining e\u0301 vs \u00e9, zero\u200dwidth joiner, no\u00a0break space',
  'Astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𐍈',
  'Tab\tnewline\nbackslash\\ quote"',
].map((text, index) => ({ idx: `u${index + 1}`, text }));

/** A request as Phrase sends it with an ad-hoc glossary and request- and segment-level metadata. */
export function glossaryRequest(pair: LanguagePair): TranslateRequest {
  return translateRequest(
    pair,
    [
      { idx: 'g1', text: 'Open the dashboard to see every engine.', metadata: { key: 'dashboard.hint' } },
      { idx: 'g2', text: 'The engine answers in the target language.', metadata: { key: 'engine.answer', maxLength: 80 } },
    ],
    {
      glossary: [
        { term: 'dashboard', translation: 'Dashboard' },
        { term: 'engine', translation: 'Engine' },
      ],
      metadata: { formality: 'informal', domain: 'software', project_uid: 'byo-engine-check', job_uid: 'check-job' },
    },
  );
}
