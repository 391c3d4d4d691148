import { fuzzArea } from './fuzz.ts';

fuzzArea('questions');
