/**
 * SQL grader diagnostics (src/modules/grader/types.ts GRADER_CODES): each key is a diagnostic's
 * code and its {placeholders} are the diagnostic's vars. They say what is wrong, never the answer.
 */
export const zh = {
  'grader.correct': '正确：在可见数据和所有隐藏测试数据上结果都一致。',
  'grader.empty': '请输入 SQL 语句。',
  'grader.syntax_error': '语法错误（第 {line} 行第 {column} 列）：{message}',
  'grader.multiple_statements': '本题只接受一条语句，你提交了 {count} 条。',
  'grader.transaction_control': '不能使用 BEGIN、COMMIT、ROLLBACK 等事务控制语句，评分器会自行管理事务。',
  'grader.kind_not_allowed': '本题不允许 {kind} 类语句（允许：{allowed}）。',
  'grader.statement_not_allowed': '不允许使用 {statement}。',
  'grader.function_not_allowed':
    '不允许调用函数 {name}：评分只开放普通的 SQL 函数（聚合、字符串、数学、日期时间、窗口、JSON 等），不开放读文件、执行字符串里的 SQL 或控制服务器的函数。',
  'grader.sql_error': '执行出错（SQLSTATE {sqlstate}）：{message}',
  'grader.sql_error_hidden':
    '你的语句在可见数据上能运行，但在第 {variant} 组隐藏测试数据（共 {total} 组）上出错（SQLSTATE {sqlstate}）。请考虑 NULL、空表、重复值等情况。',
  'grader.check_error': '执行你的语句后，检查查询出错：{message}',
  'grader.timeout': '执行超时（限时 {ms} 毫秒），查询已被终止。',
  'grader.too_many_rows': '结果超过 {max} 行，已停止。',
  'grader.result_too_large': '结果数据超过 {max} 个字符，已停止。',
  'grader.column_count': '列数不对：应为 {expected} 列，你的结果有 {actual} 列。',
  'grader.column_names': '列名不对：应为 {expected}，你的结果是 {actual}。',
  'grader.row_count': '行数不对：应为 {expected} 行，你的结果有 {actual} 行。',
  'grader.rows_differ': '结果内容不对：缺少 {missing} 行，多出 {extra} 行。',
  'grader.order': '行的内容正确，但顺序不对：从第 {position} 行起与要求的排序不一致。',
  'grader.order_by_missing':
    '行的内容正确，但题目要求排序，你的查询缺少 ORDER BY（没有 ORDER BY 时行的顺序没有保证）。',
  'grader.hidden_variant_failed':
    '在可见数据上结果正确，但在第 {variant} 组隐藏测试数据（共 {total} 组）上不对。请不要写死结果，并考虑 NULL、并列、空分组等情况。',
  'grader.question_error': '这道题的配置有问题，请联系出题老师。（{message}）',
  'grader.internal': '评分服务暂时出错，请稍后重试。',
};

export const en: Record<keyof typeof zh, string> = {
  'grader.correct': 'Correct: the result matches on the visible data and on every hidden data set.',
  'grader.empty': 'Enter a SQL statement.',
  'grader.syntax_error': 'Syntax error (line {line}, column {column}): {message}',
  'grader.multiple_statements': 'This question takes one statement; you sent {count}.',
  'grader.transaction_control':
    'Transaction control (BEGIN, COMMIT, ROLLBACK…) is not allowed: the grader manages the transaction.',
  'grader.kind_not_allowed': '{kind} statements are not allowed in this question (allowed: {allowed}).',
  'grader.statement_not_allowed': '{statement} is not allowed.',
  'grader.function_not_allowed':
    'The function {name} is not allowed: grading allows ordinary SQL functions (aggregates, string, math, date/time, window, JSON…), not ones that read files, run SQL from text or control the server.',
  'grader.sql_error': 'The statement failed (SQLSTATE {sqlstate}): {message}',
  'grader.sql_error_hidden':
    'Your statement runs on the visible data but fails on hidden data set {variant} of {total} (SQLSTATE {sqlstate}). Think about NULLs, empty tables and duplicates.',
  'grader.check_error': 'After your statement ran, the check query failed: {message}',
  'grader.timeout': 'Time limit exceeded ({ms} ms); the query was stopped.',
  'grader.too_many_rows': 'The result has more than {max} rows; stopped.',
  'grader.result_too_large': 'The result holds more than {max} characters of data; stopped.',
  'grader.column_count': 'Wrong number of columns: expected {expected}, your result has {actual}.',
  'grader.column_names': 'Wrong column names: expected {expected}, your result has {actual}.',
  'grader.row_count': 'Wrong number of rows: expected {expected}, your result has {actual}.',
  'grader.rows_differ': 'The rows differ: {missing} missing, {extra} extra.',
  'grader.order': 'The rows are right but the order is not: it first differs at row {position}.',
  'grader.order_by_missing':
    'The rows are right, but the question asks for an order and your query has no ORDER BY (without one, row order is not guaranteed).',
  'grader.hidden_variant_failed':
    'Right on the visible data, but wrong on hidden data set {variant} of {total}. Do not hard-code the result; think about NULLs, ties and empty groups.',
  'grader.question_error': 'This question is misconfigured; tell its author. ({message})',
  'grader.internal': 'The grader failed; try again in a moment.',
};
