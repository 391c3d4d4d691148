/**
 * The optional language-model step: the retrieved passages and the student's question go to an
 * OpenAI-compatible `/chat/completions` endpoint, which phrases an answer from those passages
 * only. Off unless LLM_BASE_URL is set; any failure (timeout, HTTP error, odd reply) returns null
 * and the tutor answers with the quoted passages alone, so the model is never on the critical path.
 */
import type { Passage } from './passages.ts';

export type LlmConfig = { baseUrl: string; apiKey?: string; model: string; timeoutMs?: number };

export function llmConfigFrom(config: {
  LLM_BASE_URL?: string;
  LLM_API_KEY?: string;
  LLM_MODEL?: string;
}): LlmConfig | null {
  if (!config.LLM_BASE_URL) return null;
  return {
    baseUrl: config.LLM_BASE_URL,
    apiKey: config.LLM_API_KEY,
    model: config.LLM_MODEL ?? 'gpt-4o-mini',
  };
}

export function buildMessages(question: string, passages: Passage[], locale: string) {
  const numbered = passages.map((p, i) => `[${i + 1}] (${p.lessonTitle})\n${p.text}`).join('\n\n');
  const language = locale === 'en' ? 'English' : '简体中文';
  return [
    {
      role: 'system',
      content:
        `You are a patient database teaching assistant. Answer in ${language}, briefly, using ONLY the ` +
        'numbered course passages given. Refer to passages as [1], [2]. If they do not answer the ' +
        'question, say so. Never write a complete solution to a lab task.',
    },
    { role: 'user', content: `Passages:\n${numbered}\n\nQuestion: ${question}` },
  ];
}

/** The model's answer text, or null when the endpoint is unavailable or replies oddly. */
export async function phraseAnswer(
  cfg: LlmConfig,
  question: string,
  passages: Passage[],
  locale: string,
): Promise<string | null> {
  const url = `${cfg.baseUrl.replace(/\/$/, '')}/chat/completions`;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: cfg.model,
        messages: buildMessages(question, passages, locale),
        temperature: 0.2,
      }),
      signal: AbortSignal.timeout(cfg.timeoutMs ?? 20_000),
    });
    if (!res.ok) return null;
    const data = (await res.json()) as { choices?: { message?: { content?: unknown } }[] };
    const content = data.choices?.[0]?.message?.content;
    return typeof content === 'string' && content.trim() ? content.trim() : null;
  } catch {
    return null;
  }
}
