import { fuzzArea } from './fuzz.ts';

fuzzArea('admin');
