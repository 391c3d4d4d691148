/** The seed taxonomy of the product landscape: databases by model, and the ecosystem around them. */
export type TaxonomySeed = Array<{
  slug: string;
  nameZh: string;
  nameEn: string;
  subcategories: Array<{ slug: string; nameZh: string; nameEn: string }>;
}>;

export const TAXONOMY: TaxonomySeed = [
  {
    slug: 'databases',
    nameZh: '数据库',
    nameEn: 'Databases',
    subcategories: [
      { slug: 'relational-oltp', nameZh: '关系型 / OLTP', nameEn: 'Relational / OLTP' },
      { slug: 'analytical-olap', nameZh: '分析型 / OLAP', nameEn: 'Analytical / OLAP' },
      { slug: 'htap', nameZh: 'HTAP', nameEn: 'HTAP' },
      { slug: 'time-series', nameZh: '时序数据库', nameEn: 'Time series' },
      { slug: 'graph', nameZh: '图数据库', nameEn: 'Graph' },
      { slug: 'vector', nameZh: '向量数据库', nameEn: 'Vector' },
      { slug: 'document', nameZh: '文档数据库', nameEn: 'Document' },
      { slug: 'key-value', nameZh: '键值数据库', nameEn: 'Key-value' },
      { slug: 'search', nameZh: '搜索引擎', nameEn: 'Search' },
      { slug: 'embedded', nameZh: '嵌入式数据库', nameEn: 'Embedded' },
      { slug: 'streaming', nameZh: '流数据库', nameEn: 'Streaming' },
    ],
  },
  {
    slug: 'ecosystem',
    nameZh: '生态工具',
    nameEn: 'Ecosystem tools',
    subcategories: [
      { slug: 'migration', nameZh: '迁移与同步', nameEn: 'Migration' },
      { slug: 'backup', nameZh: '备份恢复', nameEn: 'Backup' },
      { slug: 'monitoring-ops', nameZh: '监控与运维', nameEn: 'Monitoring / ops' },
      { slug: 'middleware-proxy', nameZh: '中间件 / 代理', nameEn: 'Middleware / proxy' },
      { slug: 'cloud-service', nameZh: '云数据库服务', nameEn: 'Cloud service' },
      { slug: 'developer-tools', nameZh: '开发者工具', nameEn: 'Developer tools' },
    ],
  },
];
