/**
 * The functions a candidate's SQL may call (ADR 0027): ordinary SQL — aggregates, window
 * functions, string, math, date/time, arrays, JSON, full text, ranges, sequences — and nothing
 * that reaches outside the attempt's transaction: no file or directory access (`pg_ls_dir`,
 * `pg_read_file`), no SQL run from a string (`query_to_xml` and its family), no server or backend
 * control (`pg_terminate_backend`, `pg_reload_conf`), no settings (`set_config`,
 * `current_setting`), no large objects, no `dblink`. An allow-list, because a block-list misses
 * whatever it did not think of. `pg_sleep` stays: the pool's deadline ends it.
 *
 * Names are as the parser gives them (unquoted identifiers in lower case). A name qualified with
 * `pg_catalog.` must be on the list too; functions the question's setup creates are allowed by
 * the caller (sql.ts), as are SQL-language functions a DDL answer creates itself.
 */
const LIST = `
count sum avg min max every bool_and bool_or bit_and bit_or bit_xor string_agg array_agg
json_agg jsonb_agg json_object_agg jsonb_object_agg json_objectagg json_arrayagg stddev
stddev_pop stddev_samp variance var_pop var_samp corr covar_pop covar_samp regr_avgx regr_avgy
regr_count regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy percentile_cont
percentile_disc mode any_value range_agg range_intersect_agg

row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value

length char_length character_length octet_length bit_length lower upper initcap substr substring
left right lpad rpad ltrim rtrim btrim trim replace translate reverse repeat concat concat_ws
format position strpos split_part string_to_array string_to_table array_to_string regexp_replace
regexp_match regexp_matches regexp_split_to_array regexp_split_to_table regexp_count regexp_instr
regexp_like regexp_substr starts_with md5 sha224 sha256 sha384 sha512 encode decode ascii chr
quote_ident quote_literal quote_nullable to_hex overlay normalize is_normalized unistr
similar_to_escape similar_escape like_escape pg_collation_for to_ascii
convert_from convert_to get_bit set_bit get_byte set_byte bit_count

abs ceil ceiling floor round trunc mod power pow sqrt cbrt exp ln log log10 sign pi random
random_normal setseed div degrees radians sin cos tan cot asin acos atan atan2 sind cosd tand cotd
asind acosd atand atan2d sinh cosh tanh asinh acosh atanh gcd lcm factorial width_bucket scale
min_scale trim_scale erf erfc

now current_date current_time current_timestamp localtime localtimestamp clock_timestamp
statement_timestamp transaction_timestamp timeofday date_trunc date_part extract age make_date
make_time make_timestamp make_timestamptz make_interval to_char to_date to_timestamp to_number
justify_days justify_hours justify_interval isfinite date_bin date_add date_subtract timezone
overlaps pg_sleep pg_sleep_for

array_length array_upper array_lower array_ndims array_dims cardinality unnest array_append
array_prepend array_cat array_remove array_replace array_position array_positions array_fill
array_to_json trim_array array_sample array_shuffle generate_series generate_subscripts

to_json to_jsonb json_build_object jsonb_build_object json_build_array jsonb_build_array
json_object jsonb_object json_array_length jsonb_array_length json_each jsonb_each json_each_text
jsonb_each_text json_extract_path jsonb_extract_path json_extract_path_text
jsonb_extract_path_text json_object_keys jsonb_object_keys json_array_elements
jsonb_array_elements json_array_elements_text jsonb_array_elements_text json_typeof jsonb_typeof
jsonb_set jsonb_set_lax jsonb_insert jsonb_pretty jsonb_strip_nulls json_strip_nulls
jsonb_path_query jsonb_path_exists jsonb_path_match jsonb_path_query_array jsonb_path_query_first
row_to_json json_populate_record jsonb_populate_record json_populate_recordset
jsonb_populate_recordset json_to_record jsonb_to_record json_to_recordset jsonb_to_recordset
json_scalar json_serialize

to_tsvector to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery ts_rank ts_rank_cd
ts_headline setweight strip numnode querytree tsvector_to_array array_to_tsvector ts_delete
ts_filter

isempty lower_inc upper_inc lower_inf upper_inf range_merge int4range int8range numrange tsrange
tstzrange daterange int4multirange int8multirange nummultirange tsmultirange tstzmultirange
datemultirange multirange

num_nulls num_nonnulls nullif coalesce greatest least nextval currval setval lastval
gen_random_uuid pg_typeof format_type
`;

export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));

/** Whether a call to `name` (the parser's name parts, schema first) is allowed. */
export function functionAllowed(parts: readonly string[], extra: ReadonlySet<string>): boolean {
  const name = parts.at(-1) ?? '';
  const qualified = parts.join('.');
  if (extra.has(qualified) || (parts.length === 1 && extra.has(name))) return true;
  if (parts.length > 2) return false;
  if (parts.length === 2 && parts[0] !== 'pg_catalog') return false;
  return ALLOWED_FUNCTIONS.has(name);
}
