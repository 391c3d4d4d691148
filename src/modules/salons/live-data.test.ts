import { describe, expect, it } from 'vitest';
import { attentionLift, parseAttentionCsv, parseViewerCsv } from './live-data.ts';

describe('attention lift', () => {
  const before = [
    '2030-02-22',
    '2030-02-23',
    '2030-02-24',
    '2030-02-25',
    '2030-02-26',
    '2030-02-27',
    '2030-02-28',
  ];
  const after = [
    '2030-03-02',
    '2030-03-03',
    '2030-03-04',
    '2030-03-05',
    '2030-03-06',
    '2030-03-07',
    '2030-03-08',
  ];

  it('compares the mean of the 7 days after with the 7 days before, leaving the day itself out', () => {
    const points = [
      ...before.map((day) => ({ day, value: 100 })),
      { day: '2030-03-01', value: 10_000 },
      ...after.map((day, i) => ({ day, value: 140 + i * 2 })), // mean 146
      { day: '2030-02-21', value: 1 }, // 8 days before: outside the window
      { day: '2030-03-09', value: 1 }, // 8 days after: outside
    ];
    expect(attentionLift('国产数据库', points, '2030-03-01')).toEqual({
      keyword: '国产数据库',
      before: 100,
      after: 146,
      lift: 0.46,
    });
  });

  it('averages only the days that have values, and has no lift without both sides or from zero', () => {
    expect(
      attentionLift(
        'k',
        [
          { day: '2030-02-28', value: 50 },
          { day: '2030-02-25', value: 150 },
          { day: '2030-03-02', value: 50 },
        ],
        '2030-03-01',
      ),
    ).toEqual({ keyword: 'k', before: 100, after: 50, lift: -0.5 });
    expect(attentionLift('k', [{ day: '2030-02-28', value: 5 }], '2030-03-01').lift).toBeNull();
    expect(
      attentionLift(
        'k',
        [
          { day: '2030-02-28', value: 0 },
          { day: '2030-03-02', value: 9 },
        ],
        '2030-03-01',
      ).lift,
    ).toBeNull();
  });

  it('crosses month and year ends', () => {
    const r = attentionLift(
      'k',
      [
        { day: '2029-12-31', value: 10 },
        { day: '2030-01-02', value: 30 },
      ],
      '2030-01-01',
    );
    expect(r).toMatchObject({ before: 10, after: 30, lift: 2 });
  });
});

describe('CSV imports', () => {
  it('splits quoted cells, full-width commas and tabs', () => {
    expect(parseViewerCsv('"a, ""b""",2\n微信视频号，1200')).toEqual({
      ok: true,
      rows: [
        { platform: 'a, "b"', viewers: 2 },
        { platform: '微信视频号', viewers: 1200 },
      ],
    });
    expect(parseViewerCsv('B站\t3,400')).toEqual({ ok: true, rows: [{ platform: 'B站', viewers: 3400 }] });
  });

  it('rejects a paste with an unclosed quote, naming the line it starts on', () => {
    expect(parseViewerCsv('微信视频号,1200\n"B站,3400\n')).toEqual({
      ok: false,
      errors: [{ line: 2, message: 'salons.csv.columns' }],
    });
  });

  it('reads viewers per platform, skipping a header, and rejects the whole paste with every bad line', () => {
    expect(parseViewerCsv('平台,观看人数\n微信视频号,1200\n"B站","3,400"\n')).toEqual({
      ok: true,
      rows: [
        { platform: '微信视频号', viewers: 1200 },
        { platform: 'B站', viewers: 3400 },
      ],
    });
    expect(parseViewerCsv('微信视频号,1200\nB站,很多\n\n抖音\n微信视频号,5')).toEqual({
      ok: false,
      errors: [
        { line: 2, message: 'salons.csv.number' },
        { line: 4, message: 'salons.csv.columns' },
        { line: 5, message: 'salons.csv.duplicate' },
      ],
    });
    expect(parseViewerCsv('  \n')).toEqual({ ok: false, errors: [{ line: 1, message: 'salons.csv.empty' }] });
  });

  it('reads daily attention values per keyword and refuses impossible dates', () => {
    expect(parseAttentionCsv('keyword,date,value\n国产数据库,2030/02/28,1,234.5\n')).toMatchObject({
      ok: false,
    });
    expect(parseAttentionCsv('keyword,date,value\n国产数据库,2030/02/28,"1,234.5"\n')).toEqual({
      ok: true,
      rows: [{ keyword: '国产数据库', day: '2030-02-28', value: 1234.5 }],
    });
    expect(parseAttentionCsv('国产数据库,2030-02-30,5\n国产数据库,2030-03-01,-1')).toEqual({
      ok: false,
      errors: [
        { line: 1, message: 'salons.csv.date' },
        { line: 2, message: 'salons.csv.number' },
      ],
    });
  });
});
