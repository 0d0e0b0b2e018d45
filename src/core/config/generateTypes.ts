/**
 * The `generate:` block of a condition as people write it: how RepScope asks a model the survey to
 * make the condition's simulated respondents. Like `types.ts`, these types are written for the
 * people who write configs (the JSDoc becomes editor hover text through the schema); they live in
 * config so that the schema's source needs nothing from generation. `generate/config.ts` has the
 * defaults and the resolved form the generator reads.
 */

/** How the endpoint is spoken to. */
export type GenerateApiStyle = 'openai-chat' | 'openai-completions' | 'ollama';

/** How an answer is taken from the model. */
export type AnswerMode = 'distribution' | 'sampling';

/** What the model is shown as each option's label. */
export type OptionLabelStyle = 'auto' | 'codes' | 'letters';

/** Whether every second simulated respondent sees the options in reverse order. */
export type ReverseOptions = 'alternate' | 'never';

/** Which constrained-output mechanism of the endpoint is used, if any. */
export type ConstrainMode = 'none' | 'json-schema' | 'choice' | 'guided-choice' | 'grammar';

/**
 * Asks a model the survey instead of reading a file. The simulated respondents are written as
 * JSON Lines to the condition's `file` (default `generated/<condition>.jsonl`), which `repscope run`
 * then reads like any other condition file. Answers are cached in `cache`, so an interrupted run
 * resumes where it stopped and a repeated run sends no requests.
 * @example { "endpoint": "http://localhost:11434", "api": "ollama", "model": "llama3.2:3b", "persona": { "source": "respondents", "columns": { "Q260": { "1": "a man", "2": "a woman" }, "Q262": "{value} years old" } } }
 */
export interface GenerateConfig {
  /**
   * Base URL of the endpoint. OpenAI-compatible servers: the URL that ends in `/v1` (e.g.
   * `https://api.openai.com/v1`, `http://localhost:8000/v1` for vLLM, `http://localhost:8080/v1`
   * for llama.cpp's `llama-server`). Ollama: the server's root, e.g. `http://localhost:11434`.
   * A URL that already ends in `/chat/completions`, `/completions` or `/api/chat` is used as it is.
   * @pattern ^https?://
   * @example "http://localhost:11434"
   */
  endpoint: string;
  /**
   * The endpoint's API: `openai-chat` (`/chat/completions`), `openai-completions` (the legacy
   * `/completions`, prompt text in, text out) or `ollama` (`/api/chat`).
   */
  api: GenerateApiStyle;
  /**
   * The model name the endpoint knows, e.g. `gpt-4o-mini`, `meta-llama/Llama-3.1-8B-Instruct`,
   * or the name of a LoRA adapter that vLLM serves.
   * @minLength 1
   * @example "llama3.2:3b"
   */
  model: string;
  /**
   * Name of the environment variable holding the API key, sent as `Authorization: Bearer <key>`.
   * The key itself is never written to the config, the cache or the results. Leave out for local
   * servers that need no key.
   * @pattern ^[A-Za-z_][A-Za-z0-9_]*$
   * @example "OPENAI_API_KEY"
   */
  apiKeyEnv?: string;
  /**
   * The question prompt. Placeholders: `{persona}` (who the model speaks for), `{question}` (the
   * item's question text), `{options}` (one `label: text` line per answer option), `{labels}` (the
   * labels, e.g. `1, 2, 3 or 4`) and `{labelKind}` (`number` or `letter`); `{{` and `}}` write
   * braces. Default, after the source study: "Answer the following survey question as if you were
   * {persona}.", the question, the options as `k: text` lines, and "Reply with the {labelKind} of one
   * option ({labels}) and nothing else."
   * @minLength 1
   */
  prompt?: string;
  /**
   * A system message sent before the prompt (chat APIs); with `openai-completions` it is put in
   * front of the prompt, followed by a blank line. Same placeholders as `prompt`.
   * @minLength 1
   */
  system?: string;
  /** Who each simulated respondent is (the `{persona}` text). */
  persona?: PersonaConfig;
  /**
   * The question text of items, by item id, when the item's label is too short to ask.
   * Default: the item's label from the codebook.
   * @example { "Q46": "Taking all things together, would you say you are:" }
   */
  questions?: { [itemId: string]: string };
  /**
   * Simulated respondents per group (the whole population counts as one group when the config
   * has no groups). Each answers every item.
   * @asType integer
   * @minimum 1
   * @default 100
   */
  respondentsPerGroup?: number;
  /**
   * `sampling` (the source study's way): each respondent's answer is one sampled reply at
   * `temperature`, parsed as an option label. `distribution`: the probabilities the model gives to
   * each option's label (from logprobs, renormalised over the options) are saved, and the answer is
   * drawn from them with the seed. `distribution` needs an endpoint that returns logprobs.
   * @default "sampling"
   */
  answerMode?: AnswerMode;
  /**
   * Labels shown for the options: `codes` (the answer codes, `1: Very happy`), `letters`
   * (`A: Very happy`), or `auto`: codes, except in `distribution` mode for items with a code of
   * more than one character (e.g. 1-10 scales), which get letters so that each option is one token.
   * @default "auto"
   */
  optionLabels?: OptionLabelStyle;
  /**
   * `alternate` shows every second respondent the options in reverse order (labels stay with their
   * options), as in the source study, to balance answer-order effects; `never` keeps the codebook's
   * order.
   * @default "alternate"
   */
  reverseOptions?: ReverseOptions;
  /**
   * Restricts the reply to the option labels, where the endpoint supports it: `json-schema` (OpenAI
   * `response_format` with a JSON schema, Ollama `format`; the reply is `{"answer": "<label>"}`),
   * `choice` (vLLM `structured_outputs: {choice}`), `guided-choice` (older vLLM `guided_choice`),
   * `grammar` (llama.cpp `grammar`). `none` asks in words only.
   * @default "none"
   */
  constrain?: ConstrainMode;
  /**
   * Sampling temperature in `sampling` mode (`distribution` mode always asks at temperature 0).
   * @minimum 0
   * @maximum 2
   * @default 1
   */
  temperature?: number;
  /**
   * `distribution` mode: how many of the most likely tokens the endpoint reports at each position.
   * OpenAI allows up to 20 for chat and 5 for legacy completions; vLLM up to its `--max-logprobs`.
   * Default: 20, or 5 with `openai-completions`.
   * @asType integer
   * @minimum 1
   */
  topLogprobs?: number;
  /**
   * `distribution` mode: when the options together get less than this share of the probability
   * at the answer position, the answer is not drawn but recorded as the reply's invalid kind
   * (refusal or unparseable).
   * @minimum 0
   * @maximum 1
   * @default 0.5
   */
  minCoveredMass?: number;
  /**
   * Seed of the requests (sampling) and of the draws (distribution), so a run can be repeated.
   * Default: the experiment's `seed`.
   * @asType integer
   */
  seed?: number;
  /**
   * Most tokens a reply may have. Default: 32 with `constrain: json-schema`, else 16.
   * @asType integer
   * @minimum 1
   */
  maxTokens?: number;
  /**
   * Requests in flight at once.
   * @asType integer
   * @minimum 1
   * @maximum 256
   * @default 4
   */
  concurrency?: number;
  /**
   * Time limit of one request in milliseconds; a request that takes longer is retried.
   * @asType integer
   * @minimum 100
   * @default 60000
   */
  timeoutMs?: number;
  /**
   * Retries of a request that failed with a rate limit (429), a server error (5xx), a timeout or
   * a dropped connection, with exponential backoff (and the server's `Retry-After`).
   * @asType integer
   * @minimum 0
   * @maximum 20
   * @default 4
   */
  retries?: number;
  /**
   * Folder of the answer cache, relative to the config.
   * @minLength 1
   * @default ".repscope-cache"
   */
  cache?: string;
  /**
   * Further fields sent in every request body as they are, e.g. vLLM's `top_k` or
   * `chat_template_kwargs`. They may not replace a field RepScope sets.
   * @example { "top_k": 50 }
   */
  extraBody?: { [field: string]: unknown };
}

/**
 * Who each simulated respondent is. `respondents`: each simulated respondent takes the
 * demographics of one human respondent of its group (drawn with the human weights), described by
 * `columns`. `groups`: every respondent of a group gets the group's fixed description.
 * @errorMessage A persona is `{ source: respondents, columns: { ... } }` or `{ source: groups, descriptions: { ... } }`.
 */
export type PersonaConfig = RespondentPersonaConfig | GroupPersonaConfig;

/**
 * Personas from human respondents' demographic columns.
 * @example { "source": "respondents", "columns": { "Q260": { "1": "a man", "2": "a woman" }, "Q262": "{value} years old", "B_COUNTRY_ALPHA": { "DEU": "living in Germany", "USA": "living in the United States" } } }
 */
export interface RespondentPersonaConfig {
  /** Each simulated respondent takes the demographics of one human respondent of its group. */
  source: 'respondents';
  /**
   * Column of the human data -> how its value is described: a mapping from values to text
   * (`{ 1: a man, 2: a woman }`) or a text with `{value}` (`"{value} years old"`). The persona is
   * the descriptions of one human respondent, in this order, joined by `separator`; values that
   * are blank, missing or not in a mapping are left out.
   * @minProperties 1
   */
  columns: { [column: string]: string | { [value: string]: string } };
  /**
   * Put between the column descriptions.
   * @default ", "
   */
  separator?: string;
}

/**
 * Personas from fixed descriptions of the groups.
 * @example { "source": "groups", "descriptions": { "left": "a person who places themselves on the left of politics" } }
 */
export interface GroupPersonaConfig {
  /** Every simulated respondent of a group gets the group's description. */
  source: 'groups';
  /**
   * Group name -> its description as a persona. Groups left out use their `description` from
   * `groups`.
   */
  descriptions?: { [groupName: string]: string };
}
