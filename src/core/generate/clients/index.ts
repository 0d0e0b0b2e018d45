import type { GenerateApiStyle } from '../config';
import { ollamaClient } from './ollama';
import { openAiChatClient } from './openaiChat';
import { openAiCompletionsClient } from './openaiCompletions';
import type { ApiStyleClient } from './types';

export function clientFor(api: GenerateApiStyle): ApiStyleClient {
  switch (api) {
    case 'openai-chat':
      return openAiChatClient;
    case 'openai-completions':
      return openAiCompletionsClient;
    case 'ollama':
      return ollamaClient;
  }
}

export { ollamaClient, openAiChatClient, openAiCompletionsClient };
export { promptText } from './openaiCompletions';
export * from './types';
