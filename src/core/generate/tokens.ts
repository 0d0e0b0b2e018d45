/**
 * Token strings as endpoints report them, turned into the text they stand for. The same token
 * comes back as ` 1` (decoded text), `▁1` (SentencePiece piece), `Ġ1` (GPT-2 byte-level piece),
 * `<0x31>` (a byte-fallback piece) or `bytes:\x31` (vLLM's form for bytes that are not valid
 * UTF-8 on their own), sometimes with a `bytes` array next to it.
 */

const SENTENCEPIECE_SPACE = /\u2581/g;
const BYTE_PIECE = /^<0x([0-9A-Fa-f]{2})>$/;
const VLLM_BYTES = /^bytes:((?:\\x[0-9A-Fa-f]{2})+)$/;
/** GPT-2's byte-to-unicode map sends space to Ġ (U+0120), newline to Ċ (U+010A), tab to ĉ (U+0109). */
const BYTE_LEVEL = new Map<string, string>([
  ['\u0120', ' '],
  ['\u010a', '\n'],
  ['\u0109', '\t'],
]);

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeBytes(bytes: readonly number[]): string | undefined {
  if (bytes.length === 0 || bytes.some((byte) => !Number.isInteger(byte) || byte < 0 || byte > 255)) return undefined;
  try {
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    // Part of a multi-byte character: it has no text of its own.
    return undefined;
  }
}

/**
 * The text a token stands for. `bytes`, when the endpoint gives them and they decode, win over the
 * string; a lone byte of a multi-byte character gives ''. GPT-2 byte-level markers are read only at
 * the start of a token, where they mark a leading space or newline.
 */
export function normalizeToken(token: string, bytes?: readonly number[] | null): string {
  if (bytes && bytes.length > 0) {
    const decoded = decodeBytes(bytes);
    if (decoded !== undefined) return decoded;
  }
  const piece = BYTE_PIECE.exec(token);
  if (piece?.[1] !== undefined) return decodeBytes([parseInt(piece[1], 16)]) ?? '';
  const escaped = VLLM_BYTES.exec(token);
  if (escaped?.[1] !== undefined) {
    const values = escaped[1].split('\\x').filter(Boolean).map((hex) => parseInt(hex, 16));
    return decodeBytes(values) ?? '';
  }
  let text = token.replace(SENTENCEPIECE_SPACE, ' ');
  const first = text.charAt(0);
  const marker = BYTE_LEVEL.get(first);
  if (marker !== undefined) text = marker + text.slice(1);
  return text;
}

/** Whether a token's text is only white space (or nothing), i.e. the answer has not started yet. */
export function isBlankToken(text: string): boolean {
  return text.trim() === '';
}

/**
 * The option label a token's text would be: white space, quotes, brackets, markdown emphasis and
 * a trailing `:` `.` `)` removed (`" 1"`, `"1:"`, `"(A"`, `"**2"` all give the label).
 */
export function labelOfTokenText(text: string): string {
  return text
    .trim()
    .replace(/^["'([*]+/, '')
    .replace(/["')\].:,*}]+$/, '')
    .trim();
}
