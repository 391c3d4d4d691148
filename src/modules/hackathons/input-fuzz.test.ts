import { fuzzArea } from '../../testing/input-fuzz.ts';

fuzzArea('hackathons');
