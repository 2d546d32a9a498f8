/** 导入主数据项目: download the Excel template, upload it, see what was imported and each row's problems. */
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Table, Upload } from 'antd';
import { useState } from 'react';
import type { TImportResult } from '../../../../../shared/api/identity';
import { download, errorMessage, post } from '../../lib/api';

export function ImportModal({ onClose, onImported }: { onClose: () => void; onImported: () => Promise<void> }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const fd = new FormData();
      fd.append('file', file);
      const r = await post<TImportResult>('/api/projects/import', fd);
      setResult(r);
      if (r.imported) await onImported();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title="导入主数据项目"
      width={720}
      footer={<Button onClick={onClose}>关闭</Button>}
      onCancel={onClose}
      destroyOnHidden
    >
      <p>
        1. 下载模板并按列填写项目（城市公司、批次须与系统中的名称一致）。
        <Button
          type="link"
          icon={<DownloadOutlined />}
          onClick={() =>
            download('/api/projects/import-template', '项目导入模板.xlsx').catch((e: unknown) =>
              message.error(errorMessage(e)),
            )
          }
        >
          下载导入模板
        </Button>
      </p>
      <p>2. 上传填好的 Excel 文件（.xlsx，不超过 10 MB）。有错误的行不会导入，修改后可重新上传。</p>
      <Upload.Dragger
        accept=".xlsx"
        multiple={false}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(file) => {
          void upload(file);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{busy ? '正在导入…' : '点击或拖拽 Excel 文件到此处'}</p>
      </Upload.Dragger>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} />}
      {result && (
        <div style={{ marginTop: 16 }} data-testid="import-result">
          <Alert
            type={result.errors.length ? (result.imported ? 'warning' : 'error') : 'success'}
            showIcon
            title={`成功导入 ${result.imported} 个项目${result.errors.length ? `，${result.errors.length} 处问题需要修改` : ''}`}
          />
          {result.errors.length > 0 && (
            <Table
              style={{ marginTop: 12 }}
              size="small"
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              rowKey={(e) => `${e.row}-${e.column ?? ''}-${e.message}`}
              dataSource={result.errors}
              columns={[
                {
                  title: '行',
                  dataIndex: 'row',
                  width: 70,
                  align: 'right',
                  render: (v: number) => <span className="num">第 {v} 行</span>,
                },
                { title: '列', dataIndex: 'column', width: 120, render: (v?: string) => v ?? '—' },
                { title: '问题', dataIndex: 'message' },
              ]}
            />
          )}
        </div>
      )}
    </Modal>
  );
}
