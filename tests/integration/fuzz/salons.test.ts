import { fuzzArea } from './fuzz.ts';

fuzzArea('salons');
