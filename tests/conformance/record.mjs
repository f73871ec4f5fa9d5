// Records what the official Botpress client (`@botpress/client`, from npm) puts on the wire for a
// set of calls, into `golden.json`; `tests/tests/conformance.rs` replays every case through the
// generated client and compares. See README.md. Not run in CI: run it by hand after changing a
// case or the pinned version, and commit the golden file.
//
//     node tests/conformance/record.mjs
//
// It observes the official client's requests only; nothing of its types or spec is copied.

import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = '1.45.0';
const here = path.dirname(fileURLToPath(import.meta.url));
const prefix = path.join(here, '.npm');
const entry = path.join(prefix, 'node_modules', '@botpress', 'client', 'package.json');
if (!existsSync(entry)) {
  console.error(`installing @botpress/client@${VERSION} into ${prefix}`);
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, `@botpress/client@${VERSION}`], {
    stdio: 'inherit',
  });
}
// The package as Node loads it for `require` (its ESM bundle needs a bundler).
const { Client } = createRequire(path.join(prefix, 'index.js'))('@botpress/client');

// The headers recorded: who the request claims to be, what its body is, and the one header
// parameter of the API (`copyFile`'s `x-destination-bot-id`).
const HEADERS = ['authorization', 'content-type', 'x-bot-id', 'x-destination-bot-id', 'x-integration-alias', 'x-integration-id', 'x-user-id', 'x-workspace-id'];

// The identity both clients are configured with (`x-user-id` through `headers`: the official
// client has no setting of its own for it).
const CONFIG = { token: 'tok', botId: 'bot_1', workspaceId: 'ws_1', integrationId: 'int_1', integrationAlias: 'alias_1', headers: { 'x-user-id': 'user_9' } };

// Each case: a name (the Rust test has a replay of the same name), the section, and the call.
// Bodies list their keys in the order of the spec's properties (JSON.stringify keeps the order
// it is given). `bug`: a known bug of the official client, recorded with what ours does instead.
const CASES = [
  // ---- Runtime
  ['create_user', 'Runtime', (c) => c.createUser({ tags: { 'telegram:id': '42' }, name: 'Ada', pictureUrl: 'https://cdn.example.com/ada.png' })],
  ['get_user', 'Runtime', (c) => c.getUser({ id: 'user_1' })],
  ['get_user_sub_delims', 'Runtime', (c) => c.getUser({ id: "a!*'()b c/d&e=f+g,h;i:j@k$l" })],
  ['get_user_unicode', 'Runtime', (c) => c.getUser({ id: 'üser~1.2_3-4' })],
  ['get_user_dot_dot', 'Runtime', (c) => c.getUser({ id: '..' }), 'the official client sends `..` as it is, so the URL resolves to /v1/chat/ (another resource); ours refuses it before sending (Error::InvalidRequest)'],
  ['list_users', 'Runtime', (c) => c.listUsers({ conversationId: 'conv_1', tags: { 'a b': 'x/y', c: 'ü' } })],
  ['update_user', 'Runtime', (c) => c.updateUser({ id: 'user_1', tags: { plan: 'pro' }, name: 'Ada L.' })],
  ['delete_user', 'Runtime', (c) => c.deleteUser({ id: 'user_1' })],
  ['create_conversation', 'Runtime', (c) => c.createConversation({ channel: 'group', tags: { 'telegram:chatId': '-100' } })],
  ['list_conversations', 'Runtime', (c) => c.listConversations({ nextToken: 'tok_2', sortField: 'createdAt', sortDirection: 'desc', tags: { k: 'v' }, participantIds: ['user_1', 'user_2'] })],
  ['add_participant', 'Runtime', (c) => c.addParticipant({ id: 'conv_1', userId: 'user_2' })],
  ['remove_participant', 'Runtime', (c) => c.removeParticipant({ id: 'conv_1', userId: 'user_2' })],
  ['create_message', 'Runtime', (c) => c.createMessage({ payload: { text: 'Hello!' }, userId: 'user_1', conversationId: 'conv_1', type: 'text', tags: {} })],
  ['list_messages', 'Runtime', (c) => c.listMessages({ conversationId: 'conv_1', tags: { 'telegram:messageId': '7' } })],
  ['create_event', 'Runtime', (c) => c.createEvent({ type: 'reminder', payload: { at: 1000, repeat: 2.5 }, conversationId: 'conv_1' })],
  ['set_state_expiry', 'Runtime', (c) => c.setStateExpiry({ type: 'user', id: 'user_1', name: 'session', expiry: 1000 })],
  ['set_state', 'Runtime', (c) => c.setState({ type: 'conversation', id: 'conv_1', name: 'cart', payload: { items: 3, total: 19.5 }, expiry: 3600000 })],
  ['get_state', 'Runtime', (c) => c.getState({ type: 'bot', id: 'bot_1', name: 'config' })],
  ['call_action', 'Runtime', (c) => c.callAction({ type: 'telegram:sendTyping', input: { seconds: 5 } })],
  // ---- Admin
  ['get_account', 'Admin', (c) => c.getAccount({})],
  ['list_bots', 'Admin', (c) => c.listBots({ dev: true, nextToken: 'p2' })],
  ['get_bot', 'Admin', (c) => c.getBot({ id: 'bot_2' })],
  ['delete_bot', 'Admin', (c) => c.deleteBot({ id: 'bot_2' })],
  ['transfer_bot', 'Admin', (c) => c.transferBot({ id: 'bot_2', targetWorkspaceId: 'ws_2' })],
  ['get_bot_logs', 'Admin', (c) => c.getBotLogs({ id: 'bot_2', timeStart: '2024-06-03T00:00:00.000Z', timeEnd: '2024-06-04T00:00:00.000Z' })],
  ['get_bot_analytics', 'Admin', (c) => c.getBotAnalytics({ id: 'bot_2', startDate: '2024-06-01', endDate: '2024-06-30' })],
  ['list_workspaces', 'Admin', (c) => c.listWorkspaces({ handle: 'acme' })],
  ['update_workspace', 'Admin', (c) => c.updateWorkspace({ id: 'ws_1', name: 'Acme', spendingLimit: 250 })],
  ['delete_workspace_member', 'Admin', (c) => c.deleteWorkspaceMember({ id: 'member_1' })],
  // ---- Files
  ['upsert_file', 'Files', (c) => c.upsertFile({ key: 'docs/a.txt', tags: { team: 'ops' }, size: 5, index: true, accessPolicies: ['public_content'], contentType: 'text/plain' })],
  ['list_files', 'Files', (c) => c.listFiles({ nextToken: 'n2', sortField: 'createdAt', tags: { k: 'v' }, ids: ['file_1', 'file_2'] })],
  ['get_file', 'Files', (c) => c.getFile({ id: 'file_1' })],
  ['update_file_metadata', 'Files', (c) => c.updateFileMetadata({ id: 'file_1', metadata: { pages: 12 }, tags: { team: 'sales' } })],
  ['delete_file', 'Files', (c) => c.deleteFile({ id: 'file_1' })],
  ['copy_file', 'Files', (c) => c.copyFile({ idOrKey: 'docs/a.txt', destinationKey: 'docs/b.txt', 'x-destination-bot-id': 'bot_3' })],
  ['search_files', 'Files', (c) => c.searchFiles({ tags: { team: 'ops' }, query: 'refund policy', limit: 5 })],
  // ---- Tables
  // Free-form objects (schema, payload, filter) list their keys sorted: see README.md.
  ['create_table', 'Tables', (c) => c.createTable({ name: 'OrdersTable', factor: 2, schema: { properties: { total: { type: 'number' } }, type: 'object' } })],
  ['get_table', 'Tables', (c) => c.getTable({ table: 'OrdersTable' })],
  ['find_table_rows', 'Tables', (c) => c.findTableRows({ table: 'OrdersTable', limit: 10, offset: 0, filter: { total: { $gte: 100 } } })],
  ['get_table_row', 'Tables', (c) => c.getTableRow({ table: 'OrdersTable', id: 5 })],
  ['create_table_rows', 'Tables', (c) => c.createTableRows({ table: 'OrdersTable', rows: [{ total: 120 }, { total: 47.5 }] })],
  ['update_table_rows', 'Tables', (c) => c.updateTableRows({ table: 'OrdersTable', rows: [{ id: 11, total: 130 }] })],
  ['delete_table_rows', 'Tables', (c) => c.deleteTableRows({ table: 'OrdersTable', ids: [11, 12] })],
  ['delete_table', 'Tables', (c) => c.deleteTable({ table: 'OrdersTable' })],
];

// A raw TCP server: reads one request (head, then `content-length` bytes), answers `{}`.
let received = null;
const server = net.createServer((socket) => {
  let buffer = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const lines = buffer.subarray(0, end).toString('latin1').split('\r\n');
    const headers = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    if (buffer.length < end + 4 + length) return;
    const [method, target] = lines[0].split(' ');
    const body = buffer.subarray(end + 4, end + 4 + length);
    received = { method, target, headers: Object.fromEntries(HEADERS.filter((h) => h in headers).map((h) => [h, headers[h]])), body: length ? body.toString('utf8') : null };
    socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}');
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const client = new Client({ ...CONFIG, apiUrl: `http://127.0.0.1:${server.address().port}`, retry: { retries: 0 } });

const golden = [];
for (const [name, section, call, bug] of CASES) {
  received = null;
  let error = null;
  try {
    await call(client);
  } catch (e) {
    error = String(e?.message ?? e);
  }
  if (!received) throw new Error(`${name}: the official client sent nothing (${error})`);
  golden.push({ case: name, section, ...received, ...(bug ? { official_client_bug: bug } : {}) });
}
server.close();

const out = path.join(here, 'golden.json');
writeFileSync(out, JSON.stringify({ client: `@botpress/client@${VERSION}`, config: CONFIG, cases: golden }, null, 2) + '\n');
console.error(`${golden.length} cases written to ${out}`);
