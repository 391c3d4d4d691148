import { fuzzArea } from '../../../src/testing/input-fuzz.ts';

fuzzArea('learning');
