export {
  DEFAULT_MODEL_RESPONDENTS_PER_GROUP,
  DEFAULT_SAMPLE_RESPONDENTS,
  DEFAULT_SAMPLE_SEED,
  generateSample,
  type SampleFile,
  type SampleFiles,
  type SampleOptions,
} from './generate';

/** The sample's experiment config, relative to the sample folder. */
export const SAMPLE_CONFIG_FILE = 'experiment.yaml';
