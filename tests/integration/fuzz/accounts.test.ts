import { fuzzArea } from '../../../src/testing/input-fuzz.ts';

fuzzArea('accounts');
