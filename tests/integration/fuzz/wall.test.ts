import { fuzzArea } from './fuzz.ts';

fuzzArea('wall');
