/** The request guard's refusals (platform/input-guard.ts, ADR 0025). */
export const zh = {
  'input.control': '提交的内容含有不允许的控制字符（如 NUL），请删除后重试。',
  'input.controlIn': '“{field}”中含有不允许的控制字符（如 NUL），请删除后重试。',
  'input.encoding': '提交的内容或网址不是有效的 UTF-8 文本，或含有无效的百分号编码。',
  'input.malformedForm': '表单数据格式有误，无法读取。请刷新页面后重新提交。',
  'input.invalidJson': '请求体不是有效的 JSON。',
  'input.tooDeep': 'JSON 嵌套超过 {max} 层，无法处理。',
};

export const en: Record<keyof typeof zh, string> = {
  'input.control':
    'The request contains a control character (such as NUL) that is not allowed. Please remove it and try again.',
  'input.controlIn':
    'The field “{field}” contains a control character (such as NUL) that is not allowed. Please remove it and try again.',
  'input.encoding': 'The request or its address is not valid UTF-8 text, or has an invalid percent-encoding.',
  'input.malformedForm': 'The form data could not be read. Please reload the page and submit again.',
  'input.invalidJson': 'The request body is not valid JSON.',
  'input.tooDeep': 'The JSON is nested more than {max} levels deep.',
};
