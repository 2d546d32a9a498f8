/**
 * Words that announce a feature to come. Nothing the console or the mini-program shows may say them: a page, tab,
 * button or entry that does not work yet is hidden, not shown (the product principle "no placeholders").
 * Used by the static scan (test/placeholders.test.ts), the console walks and the mini-program page tests.
 */
export const PLACEHOLDER_TEXT =
  /即将|敬请期待|尚未开放|暂未开放|上线后|开放后(这里|会|将)|(将在|将随).{0,24}(上线|开放|提供)|coming soon/i;
