/**
 * Validation of a template's text against its kind's placeholder catalogue, with handlebars' own parser: what the
 * renderer would accept is exactly what passes here. Refused, each named with its line: a placeholder the kind does
 * not have, a helper call or a path (`{{a.b}}`, `{{x y}}`), any block but `{{#each <list placeholder>}}`, partials,
 * decorators, `{{else}}`, and text handlebars cannot parse.
 */
import Handlebars from 'handlebars';
import { TEMPLATE_CATALOGUE, type PlaceholderDef, type TTemplateKind } from '../../../shared/templates';

export type TemplateField = 'title' | 'body';

export interface TemplateProblem {
  field: TemplateField;
  line: number;
  column: number;
  /** The placeholder or block named by the problem, when there is one. */
  placeholder?: string;
  message: string;
}

type Node = hbs.AST.Node & { loc: hbs.AST.SourceLocation };

/** Every problem of `text` for `kind` (empty when it is valid). Lines are 1-based, columns 1-based. */
export function validateTemplateText(
  kind: TTemplateKind,
  text: string,
  field: TemplateField = 'body',
): TemplateProblem[] {
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(text);
  } catch (e) {
    return [parseProblem(e, field)];
  }
  const problems: TemplateProblem[] = [];
  const top = TEMPLATE_CATALOGUE[kind].placeholders;
  const at = (n: Node) => ({ field, line: n.loc.start.line, column: n.loc.start.column + 1 });
  const names = (scope: PlaceholderDef[]) => scope.map((d) => d.name).join('、');

  const walk = (program: hbs.AST.Program, scope: PlaceholderDef[], inList: string | null) => {
    for (const stmt of program.body) {
      const n = stmt as Node;
      switch (stmt.type) {
        case 'ContentStatement':
        case 'CommentStatement':
          break;
        case 'MustacheStatement': {
          const m = stmt as hbs.AST.MustacheStatement;
          const name = pathName(m.path);
          if (name === undefined || m.params.length || (m.hash && m.hash.pairs.length)) {
            problems.push({
              ...at(n),
              placeholder: sourceOf(m),
              message: `第 ${at(n).line} 行：不支持的写法“${sourceOf(m)}”，占位符只能写成 {{名称}}`,
            });
            break;
          }
          const def = scope.find((d) => d.name === name);
          if (!def)
            problems.push({
              ...at(n),
              placeholder: name,
              message: inList
                ? `第 ${at(n).line} 行：{{#each ${inList}}} 中没有占位符 {{${name}}}（可用：${names(scope)}）`
                : `第 ${at(n).line} 行：未知的占位符 {{${name}}}（可用：${names(scope)}）`,
            });
          else if (def.type === 'list')
            problems.push({
              ...at(n),
              placeholder: name,
              message: `第 ${at(n).line} 行：{{${name}}} 是列表，请用 {{#each ${name}}}…{{/each}} 逐项列出`,
            });
          break;
        }
        case 'BlockStatement': {
          const b = stmt as hbs.AST.BlockStatement;
          const helper = pathName(b.path) ?? sourceOf(b);
          const listName = b.params.length === 1 ? pathName(b.params[0] as hbs.AST.PathExpression) : undefined;
          const list = listName === undefined ? undefined : scope.find((d) => d.name === listName && d.type === 'list');
          if (helper !== 'each' || inList) {
            problems.push({
              ...at(n),
              placeholder: `#${helper}`,
              message: `第 ${at(n).line} 行：不允许使用 {{#${helper}}}，只允许 {{#each 列表}}…{{/each}}${inList ? '（且不能嵌套）' : ''}`,
            });
            break;
          }
          if (!list) {
            const lists = scope.filter((d) => d.type === 'list').map((d) => d.name);
            problems.push({
              ...at(n),
              placeholder: listName ?? 'each',
              message: lists.length
                ? `第 ${at(n).line} 行：{{#each}} 只能用于列表占位符 ${lists.map((l) => `{{${l}}}`).join('、')}`
                : `第 ${at(n).line} 行：该模板没有列表占位符，不能使用 {{#each}}`,
            });
            break;
          }
          if (b.inverse) {
            problems.push({ ...at(n), placeholder: 'else', message: `第 ${at(n).line} 行：不支持 {{else}}` });
            break;
          }
          if (b.program) walk(b.program, list.fields ?? [], list.name);
          break;
        }
        default:
          problems.push({ ...at(n), message: `第 ${at(n).line} 行：不支持的模板语法（${stmt.type}）` });
      }
    }
  };
  walk(ast, top, null);
  return problems;
}

/** A simple path's name: `{{姓名}}` → 姓名; undefined for `{{a.b}}`, `{{this}}`, `{{@index}}`, literals. */
function pathName(e: hbs.AST.Expression): string | undefined {
  if (e.type !== 'PathExpression') return undefined;
  const p = e as hbs.AST.PathExpression;
  if (p.data || p.depth || p.parts.length !== 1 || p.original !== p.parts[0]) return undefined;
  return p.parts[0];
}

function sourceOf(n: hbs.AST.MustacheStatement | hbs.AST.BlockStatement): string {
  const path = n.path.type === 'PathExpression' ? (n.path as hbs.AST.PathExpression).original : String(n.path.type);
  const params = n.params.map((x) => String((x as { original?: unknown }).original ?? '…'));
  return `{{${[path, ...params].join(' ')}}}`;
}

function parseProblem(e: unknown, field: TemplateField): TemplateProblem {
  const err = e as { message?: string; lineNumber?: number; column?: number };
  const raw = String(err.message ?? e);
  const line = err.lineNumber ?? Number(/line (\d+)/.exec(raw)?.[1] ?? 1);
  const mismatch = /^(\S+) doesn't match (\S+)/.exec(raw);
  const message = mismatch
    ? `第 ${line} 行：{{/${mismatch[2]}}} 与 {{#${mismatch[1]}}} 不匹配`
    : `第 ${line} 行：模板语法错误，请检查 {{ }} 是否成对`;
  return { field, line, column: (err.column ?? 0) + 1, message };
}
