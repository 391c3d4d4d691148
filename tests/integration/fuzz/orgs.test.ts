import { fuzzArea } from './fuzz.ts';

fuzzArea('orgs');
