import { fuzzArea } from './fuzz.ts';

fuzzArea('accounts');
