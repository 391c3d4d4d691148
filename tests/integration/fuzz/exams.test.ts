import { fuzzArea } from './fuzz.ts';

fuzzArea('exams');
