import { fuzzArea } from './fuzz.ts';

fuzzArea('learning');
