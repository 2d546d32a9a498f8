/**
 * The demo tenant's DingTalk approval templates: one per flow type, with a processCode of DingTalk's form
 * (PROC-<UUID>, fixed here so the emulator and the database agree) and a component per field of our form.
 * The emulator registers them at start (and after a reset); `npm run db:seed` and the tests' fresh databases map
 * every flow type to them (钉钉设置 → 审批模板), so 发起 works out of the box against the emulator.
 */
import { createHash } from 'node:crypto';
import { APPROVAL_FORM_FIELDS, mappingKeys, type TFormFieldKind } from '../../shared/api/approval-templates';
import { FLOW_LABEL, FLOW_TYPES, type TFlowType } from '../../shared/api/labels';

/** A component of a template as DingTalk's form schema describes it (schemaContent.items[]). */
export interface TemplateComponent {
  componentName: string;
  props: { id: string; label: string; required?: boolean };
  children?: TemplateComponent[];
}
export interface DemoTemplate {
  processCode: string;
  name: string;
  items: TemplateComponent[];
}

const hex = (s: string) => createHash('sha256').update(s).digest('hex').toUpperCase();
const uuidOf = (h: string) =>
  `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;

/** The demo processCode of a flow type: looks like the ones DingTalk generates. */
export const demoProcessCode = (type: TFlowType) => `PROC-${uuidOf(hex(`gentou-demo-template:${type}`))}`;

const COMPONENT_OF: Record<TFormFieldKind, string> = {
  text: 'TextField',
  table: 'TableField',
  attachment: 'DDAttachment',
};
const componentId = (kind: string, seed: string) => `${kind}_${hex(seed).slice(0, 12)}`;

/** The demo template of a flow type: a component per field, labelled as our fields are; 项目名称 required. */
export function demoTemplate(type: TFlowType): DemoTemplate {
  const processCode = demoProcessCode(type);
  return {
    processCode,
    name: `事业合伙-${FLOW_LABEL[type]}`,
    items: APPROVAL_FORM_FIELDS[type].map((f) => {
      const componentName = f.name === '情况说明' ? 'TextareaField' : COMPONENT_OF[f.kind];
      return {
        componentName,
        props: {
          id: componentId(componentName, `${processCode}/${f.name}`),
          label: f.name,
          required: f.name === '项目名称',
        },
        ...(f.columns
          ? {
              children: f.columns.map((c) => ({
                componentName: 'TextField',
                props: { id: componentId('TextField', `${processCode}/${f.name}/${c}`), label: c },
              })),
            }
          : {}),
      };
    }),
  };
}

export const demoTemplates = (): DemoTemplate[] => FLOW_TYPES.map(demoTemplate);

/** The 审批模板 rows of the demo: every flow type mapped to its demo template, field for field. */
export function demoApprovalTemplateRows(): {
  flowType: TFlowType;
  processCode: string;
  fieldMap: Record<string, string>;
}[] {
  return FLOW_TYPES.map((flowType) => ({
    flowType,
    processCode: demoProcessCode(flowType),
    fieldMap: Object.fromEntries(mappingKeys(flowType).map((k) => [k.key, k.column ?? k.field.name])),
  }));
}
