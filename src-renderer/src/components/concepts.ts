/** The concepts the studio explains (their words live in the i18n catalogues under `concept.<id>`). */
export const CONCEPT_IDS = ['activation', 'loss', 'optimizer', 'learningRate', 'dropout', 'batchSize', 'epochs', 'batchNorm', 'hebbian', 'hopfield'] as const;
export type ConceptId = (typeof CONCEPT_IDS)[number];
