import axios, { type AxiosInstance } from 'axios';
import { DEMO_PASSWORD } from '../../server/seed/demo-data';
import type { TestApp } from './app';

/** Logs a demo console user in and returns an axios bound to their token. */
export async function loginAs(
  t: TestApp,
  username: string,
  password = DEMO_PASSWORD,
): Promise<AxiosInstance & { token: string }> {
  const res = await t.http.post('/api/auth/password', { username, password });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.data)}`);
  return withToken(t, res.data.token);
}

export function withToken(t: TestApp, token: string): AxiosInstance & { token: string } {
  const http = axios.create({
    baseURL: t.base,
    validateStatus: () => true,
    proxy: false,
    headers: { authorization: `Bearer ${token}` },
  });
  return Object.assign(http, { token });
}
