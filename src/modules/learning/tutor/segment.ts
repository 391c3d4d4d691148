/**
 * Word segmentation for the tutor's retrieval. Chinese has no spaces, so jieba (the Rust port in
 * @node-rs/jieba, prebuilt binaries) cuts text into words in search mode, which also emits the
 * shorter words inside long ones (平均工资 → 平均, 工资, 平均工资) for better recall. Latin words
 * (SELECT, GROUP, employees) are lower-cased; punctuation, whitespace and common function words
 * are dropped because they match everything.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;
// The dictionary takes ~100 ms to load: only when the tutor is first used.
const cutter = () => {
  jieba ??= Jieba.withDict(dict);
  return jieba;
};

const STOP_WORDS = new Set([
  '的',
  '了',
  '是',
  '在',
  '和',
  '与',
  '或',
  '吗',
  '呢',
  '吧',
  '啊',
  '就',
  '都',
  '也',
  '要',
  '会',
  '能',
  '我',
  '你',
  '他',
  '她',
  '它',
  '我们',
  '你们',
  '这',
  '那',
  '这个',
  '那个',
  '一个',
  '怎么',
  '怎样',
  '如何',
  '什么',
  '为什么',
  '哪些',
  '请问',
  '可以',
  '用',
  '对',
  '把',
  '被',
  '有',
  '没有',
  '中',
  '时',
  'a',
  'an',
  'the',
  'is',
  'are',
  'of',
  'to',
  'in',
  'and',
  'or',
  'how',
  'what',
  'why',
  'do',
  'i',
]);

const WORDLIKE = /[\p{L}\p{N}_]/u;

/** Text → search terms (lower-cased, without punctuation or stop words), repeats kept for term frequency. */
export function segment(text: string): string[] {
  if (!text.trim()) return [];
  return cutter()
    .cutForSearch(text.normalize('NFKC'), true)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w !== '' && WORDLIKE.test(w) && !STOP_WORDS.has(w));
}
