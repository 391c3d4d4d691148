/**
 * The authoring form for every question type. Rows (choices, answers, pairs, rubric criteria, SQL
 * variants) are numbered fields; the "more rows" button submits the form to itself with
 * `more=<group>` and comes back with the same values and three blank rows — no JavaScript needed.
 */
import type { MessageKey } from '../../../i18n/index.ts';
import { useView } from '../../../ui/context.ts';
import { Field, Form, type FormState, Select, Submit } from '../../../ui/form.tsx';
import { groupOf, MORE_ROWS, type RowGroup, rowCount } from '../forms.ts';
import type { Category } from '../queries.ts';
import { type QuestionType, SQL_STATEMENT_KINDS, TEXT_FORMATS } from '../types.ts';

type Props = {
  action: string;
  type: QuestionType;
  state: FormState;
  categories: Category[];
  submit: MessageKey;
};

const indent = (c: Category) => `${'— '.repeat(c.depth)}${c.name}`;

function RowError({ state, name }: { state: FormState; name: string }) {
  const { t } = useView();
  const error = state.errors?.[name];
  return error ? (
    <p class="error" id={`f-${name}-error`}>
      {t(error)}
    </p>
  ) : null;
}

/** A small labelled input used inside rows, with its own error. */
function Cell(p: {
  state: FormState;
  name: string;
  label: MessageKey;
  vars?: Record<string, string | number>;
  inputmode?: 'decimal' | 'text';
  multiline?: boolean;
  size?: 'narrow';
}) {
  const { t } = useView();
  const value = p.state.values?.[p.name] ?? '';
  const error = p.state.errors?.[p.name];
  const id = `f-${p.name}`;
  return (
    <div class={`field${error ? ' field-error' : ''}${p.size ? ` field-${p.size}` : ''}`}>
      <label for={id}>{t(p.label, p.vars)}</label>
      {p.multiline ? (
        <textarea id={id} name={p.name} rows={3} aria-invalid={error ? 'true' : undefined}>
          {value}
        </textarea>
      ) : (
        <input
          id={id}
          name={p.name}
          value={value}
          inputmode={p.inputmode}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      )}
      <RowError state={p.state} name={p.name} />
    </div>
  );
}

function Check({ state, name, label }: { state: FormState; name: string; label: MessageKey }) {
  const { t } = useView();
  const on = state.values?.[name] === 'on';
  return (
    <label class="choice-line">
      <input type="checkbox" name={name} checked={on} /> {t(label)}
    </label>
  );
}

function MoreRows({ group, n }: { group: RowGroup; n: number }) {
  const { t } = useView();
  return (
    <>
      <input type="hidden" name={`${group}_rows`} value={String(n)} />
      <button type="submit" name="more" value={group} class="button button-plain" formnovalidate>
        {t('questions.form.more', { n: MORE_ROWS })}
      </button>
    </>
  );
}

function BodyFields({ type, state }: { type: QuestionType; state: FormState }) {
  const { t } = useView();
  const values = state.values ?? {};
  const group = groupOf(type);
  const n = group ? rowCount(values, group) : 0;
  const rows = [...Array(n).keys()];
  switch (type) {
    case 'single_choice':
    case 'multiple_choice':
      return (
        <fieldset class="stack" data-testid="choices">
          <legend>{t('questions.field.choices')}</legend>
          <p class="hint">{t('questions.field.choicesHint')}</p>
          <RowError state={state} name="choices" />
          {rows.map((i) => (
            <div class="card row-group">
              <input type="hidden" name={`choice_${i}_id`} value={values[`choice_${i}_id`] ?? ''} />
              <Cell
                state={state}
                name={`choice_${i}_text`}
                label="questions.field.choiceText"
                vars={{ n: i + 1 }}
              />
              <Cell
                state={state}
                name={`choice_${i}_weight`}
                label="questions.field.weight"
                inputmode="decimal"
                size="narrow"
              />
              <Cell state={state} name={`choice_${i}_feedback`} label="questions.field.feedback" />
            </div>
          ))}
          <MoreRows group="choice" n={n} />
          <Check state={state} name="shuffle" label="questions.field.shuffle" />
        </fieldset>
      );
    case 'true_false':
      return (
        <fieldset class="stack">
          <Select
            name="correct"
            label="questions.field.correct"
            state={state}
            options={[
              { value: 'true', label: t('questions.field.true') },
              { value: 'false', label: t('questions.field.false') },
            ]}
          />
          <Field name="feedbackTrue" label="questions.field.feedbackTrue" state={state} multiline />
          <Field name="feedbackFalse" label="questions.field.feedbackFalse" state={state} multiline />
        </fieldset>
      );
    case 'short_answer':
      return (
        <fieldset class="stack" data-testid="answers">
          <legend>{t('questions.field.answers')}</legend>
          <p class="hint">{t('questions.field.answersHint')}</p>
          <RowError state={state} name="answers" />
          {rows.map((i) => (
            <div class="card row-group">
              <Cell
                state={state}
                name={`answer_${i}_text`}
                label="questions.field.answerText"
                vars={{ n: i + 1 }}
              />
              <Cell
                state={state}
                name={`answer_${i}_weight`}
                label="questions.field.weight"
                inputmode="decimal"
                size="narrow"
              />
              <Cell state={state} name={`answer_${i}_feedback`} label="questions.field.feedback" />
            </div>
          ))}
          <MoreRows group="answer" n={n} />
          <Check state={state} name="caseSensitive" label="questions.field.caseSensitive" />
        </fieldset>
      );
    case 'numerical':
      return (
        <fieldset class="stack" data-testid="answers">
          <legend>{t('questions.field.answers')}</legend>
          <RowError state={state} name="answers" />
          {rows.map((i) => (
            <div class="card row-group">
              <Select
                name={`num_${i}_kind`}
                label="questions.field.numKind"
                state={state}
                options={[
                  { value: 'value', label: t('questions.field.numValue') },
                  { value: 'range', label: t('questions.field.numRange') },
                ]}
              />
              <Cell
                state={state}
                name={`num_${i}_value`}
                label="questions.field.value"
                inputmode="decimal"
                size="narrow"
              />
              <Cell
                state={state}
                name={`num_${i}_tolerance`}
                label="questions.field.tolerance"
                inputmode="decimal"
                size="narrow"
              />
              <Cell
                state={state}
                name={`num_${i}_min`}
                label="questions.field.min"
                inputmode="decimal"
                size="narrow"
              />
              <Cell
                state={state}
                name={`num_${i}_max`}
                label="questions.field.max"
                inputmode="decimal"
                size="narrow"
              />
              <Cell
                state={state}
                name={`num_${i}_weight`}
                label="questions.field.weight"
                inputmode="decimal"
                size="narrow"
              />
              <Cell state={state} name={`num_${i}_feedback`} label="questions.field.feedback" />
            </div>
          ))}
          <MoreRows group="num" n={n} />
        </fieldset>
      );
    case 'matching':
      return (
        <fieldset class="stack" data-testid="pairs">
          <legend>{t('questions.field.pairs')}</legend>
          <p class="hint">{t('questions.field.pairsHint')}</p>
          <RowError state={state} name="pairs" />
          {rows.map((i) => (
            <div class="card row-group">
              <input type="hidden" name={`pair_${i}_id`} value={values[`pair_${i}_id`] ?? ''} />
              <Cell
                state={state}
                name={`pair_${i}_prompt`}
                label="questions.field.prompt"
                vars={{ n: i + 1 }}
              />
              <Cell state={state} name={`pair_${i}_answer`} label="questions.field.answer" />
            </div>
          ))}
          <MoreRows group="pair" n={n} />
          <Check state={state} name="shuffle" label="questions.field.shuffle" />
        </fieldset>
      );
    case 'essay':
      return (
        <fieldset class="stack" data-testid="rubric">
          <legend>{t('questions.field.rubric')}</legend>
          {rows.map((i) => (
            <div class="card row-group">
              <Cell
                state={state}
                name={`rubric_${i}_criterion`}
                label="questions.field.criterion"
                vars={{ n: i + 1 }}
              />
              <Cell
                state={state}
                name={`rubric_${i}_points`}
                label="questions.field.points"
                inputmode="decimal"
                size="narrow"
              />
            </div>
          ))}
          <MoreRows group="rubric" n={n} />
        </fieldset>
      );
    case 'sql':
      return (
        <fieldset class="stack" data-testid="sql">
          <Field name="setupSql" label="questions.field.setupSql" state={state} multiline />
          <Field name="referenceSql" label="questions.field.referenceSql" state={state} multiline required />
          <fieldset class="stack">
            <legend>{t('questions.field.variants')}</legend>
            {rows.map((i) => (
              <Cell
                state={state}
                name={`variant_${i}`}
                label="questions.field.variant"
                vars={{ n: i + 1 }}
                multiline
              />
            ))}
            <MoreRows group="variant" n={n} />
          </fieldset>
          <fieldset>
            <legend>{t('questions.field.allowedKinds')}</legend>
            <RowError state={state} name="allowedKinds" />
            {SQL_STATEMENT_KINDS.map((k) => (
              <Check state={state} name={`kind_${k}`} label={`questions.kind.${k}`} />
            ))}
          </fieldset>
          <Field name="checkSql" label="questions.field.checkSql" state={state} multiline />
          <Check state={state} name="compareColumnNames" label="questions.field.compareColumnNames" />
          <Field name="tolerance" label="questions.field.sqlTolerance" state={state} inputmode="text" />
        </fieldset>
      );
    case 'description':
      return null;
  }
}

export function QuestionForm(p: Props) {
  const { t } = useView();
  const state = p.state;
  return (
    <Form action={p.action} state={state} id="question-form">
      <input type="hidden" name="type" value={p.type} />
      <p class="badge">{t(`questions.type.${p.type}`)}</p>
      <Select
        name="categoryId"
        label="questions.field.category"
        state={state}
        required
        options={p.categories.map((c) => ({ value: c.id, label: indent(c) }))}
      />
      <Field name="name" label="questions.field.name" state={state} required maxlength={200} />
      <Field
        name="text"
        label="questions.field.text"
        state={state}
        required
        multiline
        hint="questions.field.textHint"
      />
      <Select
        name="textFormat"
        label="questions.field.textFormat"
        state={state}
        options={TEXT_FORMATS.map((f) => ({ value: f, label: t(`questions.format.${f}`) }))}
      />
      <BodyFields type={p.type} state={state} />
      {p.type !== 'description' && (
        <Field name="defaultMark" label="questions.field.defaultMark" state={state} inputmode="text" />
      )}
      <Field name="generalFeedback" label="questions.field.generalFeedback" state={state} multiline />
      <Field name="explanation" label="questions.field.explanation" state={state} multiline />
      <Field name="tags" label="questions.field.tags" state={state} hint="questions.field.tagsHint" />
      <Select
        name="difficulty"
        label="questions.field.difficulty"
        state={state}
        options={['1', '2', '3', '4', '5'].map((d) => ({ value: d, label: d }))}
      />
      <Field name="idNumber" label="questions.field.idNumber" state={state} maxlength={100} />
      <Submit label={p.submit} />
    </Form>
  );
}
