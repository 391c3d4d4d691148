/** Question bank: categories, questions and their versions, GIFT and Moodle XML import/export. */
export const zh = {
  'questions.category_required': '请选择题目分类。',
  'questions.type_fixed': '题型创建后不能更改；请新建一道题。',
};

export const en: Record<keyof typeof zh, string> = {
  'questions.category_required': 'Choose a category for the question.',
  'questions.type_fixed': 'A question’s type cannot change once created; create a new question instead.',
};
