import { fuzzArea } from './fuzz.ts';

fuzzArea('credentials');
