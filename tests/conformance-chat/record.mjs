// Records what the official Chat client (`@botpress/chat`, from npm) puts on the wire, and what it
// makes of the event streams and error answers a server sends, into `golden.json`;
// `tests/tests/conformance_chat.rs` replays every case through the generated `botpress-chat-client`
// and compares. See README.md. Not run in CI: run it by hand after changing a case or the pinned
// version, and commit the golden file.
//
//     node tests/conformance-chat/record.mjs
//
// It observes the official client's requests and results only; nothing of its types or spec is
// copied.

import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = '0.5.5';
const here = path.dirname(fileURLToPath(import.meta.url));
const prefix = path.join(here, '.npm');
const entry = path.join(prefix, 'node_modules', '@botpress', 'chat', 'package.json');
if (!existsSync(entry)) {
  console.error(`installing @botpress/chat@${VERSION} into ${prefix}`);
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, `@botpress/chat@${VERSION}`], {
    stdio: 'inherit',
  });
}
const require = createRequire(path.join(prefix, 'index.js'));
const { Client } = require('@botpress/chat');
const jsonwebtoken = require('jsonwebtoken');

// The headers recorded: the user's key and the body's type, and for a stream what it asks for
// (a plain call's `accept` is axios' own default, not the API's: not recorded).
const HEADERS = ['x-user-key', 'content-type'];
const STREAM_HEADERS = [...HEADERS, 'accept', 'cache-control', 'last-event-id'];

const KEY = 'key_1';
const USER = 'user_1';
const CONV = 'conv_1';
const MSG = 'msg_1';
const AT = '2024-06-03T14:25:07.000Z';
// The time a signed key is made at, pinned (`iat`).
const IAT = 1700000000;
const ENCRYPTION_KEY = 'enc-key';

const HELLO =
  'the official client first tests the connection once per client (GET {webhook}/hello/, an operation the reference does not document); ours does not: the first real call reports the same failures, without a round trip more';
const k = { 'x-user-key': KEY };
const user = { id: USER, name: 'Ann', createdAt: AT, updatedAt: AT };
const conversation = (id) => ({ id, createdAt: AT, updatedAt: AT });
const message = (id, text, isBot) => ({ id, createdAt: AT, payload: { type: 'text', text }, userId: USER, conversationId: CONV, isBot });
const json = (status, body) => [status, JSON.stringify(body)];
const sse = (signal) => `data: ${JSON.stringify(signal)}\n\n`;
const created = (id, text, isBot) => ({ type: 'message_created', data: message(id, text, isBot) });

// Each case: name, section, the call, and what the server answers (`answers`: one [status, body]
// per request after the connection test, the last repeated; `stream`: the writes of an event
// stream, the first one sent with the response head when `withHead`). `bug`: the official client
// is wrong here; `differs`: ours differs on purpose. Either way the reason is recorded, and the
// Rust replay checks what ours does instead. Bodies list their keys in the spec's order.
const CASES = [
  // ---- Users
  { name: 'create_user', section: 'Users', call: (c) => c.createUser({ name: 'Ann', pictureUrl: 'https://example.com/ann.png', profile: '{"plan":"pro"}', id: USER }), answers: [json(201, { user, key: KEY })] },
  { name: 'create_user_empty', section: 'Users', call: (c) => c.createUser({}), answers: [json(201, { user, key: KEY })] },
  { name: 'get_user', section: 'Users', call: (c) => c.getUser({ ...k }), answers: [json(200, { user })] },
  { name: 'update_user', section: 'Users', call: (c) => c.updateUser({ ...k, name: 'Ann B', profile: 'p' }), answers: [json(200, { user })] },
  { name: 'delete_user', section: 'Users', call: (c) => c.deleteUser({ ...k }) },
  { name: 'get_or_create_user', section: 'Users', call: (c) => c.getOrCreateUser({ ...k, pictureUrl: 'https://example.com/ann.png' }), answers: [json(200, { user })] },
  // ---- Conversations
  { name: 'create_conversation', section: 'Conversations', call: (c) => c.createConversation({ ...k, id: CONV }), answers: [json(201, { conversation: conversation(CONV) })] },
  { name: 'create_conversation_empty', section: 'Conversations', call: (c) => c.createConversation({ ...k }), answers: [json(201, { conversation: conversation(CONV) })] },
  { name: 'get_conversation', section: 'Conversations', call: (c) => c.getConversation({ ...k, id: CONV }), answers: [json(200, { conversation: conversation(CONV) })] },
  { name: 'get_conversation_sub_delims', section: 'Conversations', call: (c) => c.getConversation({ ...k, id: "a!*'()b c/d&e=f+g,h;i:j@k$l" }), answers: [json(200, { conversation: conversation(CONV) })] },
  { name: 'get_conversation_unicode', section: 'Conversations', call: (c) => c.getConversation({ ...k, id: 'cönv~1.2_3-4' }), answers: [json(200, { conversation: conversation(CONV) })] },
  {
    name: 'get_conversation_dot_dot', section: 'Conversations', call: (c) => c.getConversation({ ...k, id: '..' }),
    bug: 'the official client sends `..` as it is, so the URL resolves to the webhook root (another resource); ours refuses it before sending (Error::InvalidRequest)',
  },
  { name: 'delete_conversation', section: 'Conversations', call: (c) => c.deleteConversation({ ...k, id: CONV }) },
  { name: 'list_conversations', section: 'Conversations', call: (c) => c.listConversations({ ...k, nextToken: 'tok 2/3' }), answers: [json(200, { conversations: [], meta: {} })] },
  { name: 'get_or_create_conversation', section: 'Conversations', call: (c) => c.getOrCreateConversation({ ...k, id: CONV }), answers: [json(201, { conversation: conversation(CONV) })] },
  // ---- Messages
  { name: 'list_messages', section: 'Messages', call: (c) => c.listMessages({ ...k, conversationId: CONV, nextToken: 't1' }), answers: [json(200, { messages: [], meta: {} })] },
  { name: 'create_message_text', section: 'Messages', call: (c) => c.createMessage({ ...k, payload: { type: 'text', text: 'hello' }, conversationId: CONV }), answers: [json(201, { message: message(MSG, 'hello', false) })] },
  { name: 'create_message_metadata', section: 'Messages', call: (c) => c.createMessage({ ...k, payload: { type: 'text', text: 'hello' }, conversationId: CONV, metadata: { n: 2, source: 'crm' } }), answers: [json(201, { message: message(MSG, 'hello', false) })] },
  { name: 'create_message_metadata_null', section: 'Messages', call: (c) => c.createMessage({ ...k, payload: { type: 'text', text: 'hello' }, conversationId: CONV, metadata: null }), answers: [json(201, { message: message(MSG, 'hello', false) })] },
  {
    name: 'create_message_carousel', section: 'Messages',
    call: (c) => c.createMessage({ ...k, payload: { type: 'carousel', items: [{ type: 'card', title: 'Shoes', imageUrl: 'https://example.com/s.png', actions: [{ action: 'url', label: 'Buy', value: 'https://shop' }] }] }, conversationId: CONV }),
    answers: [json(201, { message: message(MSG, 'hello', false) })],
  },
  { name: 'create_message_choice', section: 'Messages', call: (c) => c.createMessage({ ...k, payload: { type: 'choice', text: 'Tea?', options: [{ label: 'Yes', value: 'yes' }] }, conversationId: CONV }), answers: [json(201, { message: message(MSG, 'hello', false) })] },
  { name: 'create_message_location', section: 'Messages', call: (c) => c.createMessage({ ...k, payload: { type: 'location', latitude: 45.5, longitude: -73.6, title: 'Here' }, conversationId: CONV }), answers: [json(201, { message: message(MSG, 'hello', false) })] },
  { name: 'get_message', section: 'Messages', call: (c) => c.getMessage({ ...k, id: MSG }), answers: [json(201, { message: message(MSG, 'hello', false) })] },
  { name: 'delete_message', section: 'Messages', call: (c) => c.deleteMessage({ ...k, id: MSG }) },
  // ---- Participants
  { name: 'add_participant', section: 'Participants', call: (c) => c.addParticipant({ ...k, conversationId: CONV, userId: 'user_2' }), answers: [json(200, { participant: user })] },
  { name: 'list_participants', section: 'Participants', call: (c) => c.listParticipants({ ...k, conversationId: CONV }), answers: [json(200, { participants: [], meta: {} })] },
  { name: 'get_participant', section: 'Participants', call: (c) => c.getParticipant({ ...k, conversationId: CONV, userId: 'user_2' }), answers: [json(200, { participant: user })] },
  { name: 'remove_participant', section: 'Participants', call: (c) => c.removeParticipant({ ...k, conversationId: CONV, userId: 'user_2' }) },
  // ---- Events
  { name: 'create_event', section: 'Events', call: (c) => c.createEvent({ ...k, payload: { at: 1000, kind: 'typing', ratio: 2.5 }, conversationId: CONV }), answers: [json(201, { event: { id: 'evt_1', createdAt: AT, payload: { kind: 'typing' }, conversationId: CONV, userId: USER } })] },
  { name: 'get_event', section: 'Events', call: (c) => c.getEvent({ ...k, id: 'evt_1' }), answers: [json(201, { event: { id: 'evt_1', createdAt: AT, payload: { kind: 'typing' }, conversationId: CONV, userId: USER } })] },
  // ---- connect: a fresh client each, so each tests its connection first (GET /hello/)
  { name: 'connect_new_user', section: 'Connect', call: () => connect({}), answers: [json(201, { user, key: KEY })], differs: HELLO },
  { name: 'connect_new_user_with_id', section: 'Connect', call: () => connect({ userId: USER }), answers: [json(201, { user, key: KEY })], differs: HELLO },
  { name: 'connect_with_user_key', section: 'Connect', call: () => connect({ userKey: KEY }), answers: [json(200, { user })], differs: HELLO },
  {
    name: 'connect_with_encryption_key', section: 'Connect', call: () => pinnedClock(() => connect({ encryptionKey: ENCRYPTION_KEY, userId: USER })), answers: [json(200, { user })],
    differs: `${HELLO}; the key is signed at the time of the call (the official one here at the pinned iat ${IAT}), so the replay checks that ours is the same signature over the same claims at its own iat`,
  },
  // ---- Paging (the official client's `list` collections)
  {
    name: 'paging_follows_the_token', section: 'Paging', call: (c) => c.list.conversations({ ...k }).collect(),
    answers: [json(200, { conversations: [conversation('c1')], meta: { nextToken: 't2' } }), json(200, { conversations: [conversation('c2')], meta: { nextToken: 't3' } }), json(200, { conversations: [conversation('c3')], meta: {} })],
  },
  {
    name: 'paging_seed_repeats', section: 'Paging', call: (c) => c.list.conversations({ ...k }).collect({ limit: 4 }),
    answers: [json(200, { conversations: [conversation('c1')], meta: { nextToken: 'same' } })],
    bug: 'a server that gives the same page token again makes the official collection ask for the same page forever (here cut by `limit: 4`); ours stops at the repeated token, after the second request',
  },
  // ---- Error answers
  { name: 'error_404', section: 'Errors', call: (c) => c.getConversation({ ...k, id: CONV }), answers: [json(404, { id: 'err_1', code: 404, type: 'ResourceNotFound', message: 'Conversation not found' })] },
  { name: 'error_400', section: 'Errors', call: (c) => c.createMessage({ ...k, payload: { type: 'text', text: 'x' }, conversationId: CONV }), answers: [json(400, { id: 'err_2', code: 400, type: 'InvalidPayload', message: 'payload is invalid' })] },
  { name: 'error_in_a_success_answer', section: 'Errors', call: (c) => c.getUser({ ...k }), answers: [json(200, { code: 403, message: 'Forbidden: invalid user key' })] },
  { name: 'error_401_listen', section: 'Errors', call: (c) => c.listenConversation({ ...k, id: CONV }), answers: [json(401, { code: 401, type: 'Unauthorized', message: 'Invalid user key' })] },
  // ---- Event streams (listenConversation), their bytes split across writes
  {
    name: 'stream_first_event_with_the_head', section: 'Streams', withHead: true,
    stream: [sse(created('m1', 'first', true)), sse(created('m2', 'second', true))],
    bug: 'the official listener attaches its handlers only after the stream opened: an event in the same write as the response head is lost; ours delivers it',
  },
  {
    name: 'stream_split_across_writes', section: 'Streams',
    stream: (() => { const t = sse(created('m1', 'split', false)) + sse({ type: 'message_deleted', data: { id: 'm0', conversationId: CONV, userId: USER } }); return [t.slice(0, 3), t.slice(3, 40), t.slice(40, 41), t.slice(41)]; })(),
  },
  {
    name: 'stream_mixed_line_endings', section: 'Streams',
    stream: [`data: ${JSON.stringify(created('m1', 'crlf', true))}\r\n\r\n`, `data: ${JSON.stringify(created('m2', 'cr', true))}\r\r`, `data: ${JSON.stringify(created('m3', 'lf', true))}\n\n`],
  },
  {
    name: 'stream_crlf_split_across_writes', section: 'Streams',
    stream: [`data: ${JSON.stringify(created('m1', 'one', true))}\r`, `\n\r`, `\ndata: ${JSON.stringify(created('m2', 'two', true))}\r\n\r\n`],
  },
  {
    // A CR ending one write and the LF starting the next are one line end: the two data lines
    // are one event, its data joined by a newline (here not JSON).
    name: 'stream_crlf_split_between_data_lines', section: 'Streams',
    stream: ['data: {"type":"typing_started",\r', '\ndata: "data":{}}\r\n\r\n', sse(created('m1', 'after', true))],
  },
  {
    name: 'stream_named_event', section: 'Streams',
    stream: [`event: message_created\ndata: ${JSON.stringify(created('m1', 'named', true))}\n\n`, sse(created('m2', 'unnamed', true))],
    differs: 'the official listener reads only unnamed events (EventSource `onmessage`): a named one is skipped; ours delivers it, its name in Event::name',
  },
  {
    name: 'stream_keep_alive_comment', section: 'Streams',
    stream: [': keep-alive\n\n', sse(created('m1', 'after a comment', true)), ':\n\n', sse({ type: 'participant_added', data: { conversationId: CONV, participantId: 'user_2' } })],
  },
  {
    name: 'stream_unknown_signal', section: 'Streams',
    stream: [sse({ type: 'typing_started', data: { userId: USER } }), sse({ type: 'event_created', data: { id: null, createdAt: AT, payload: { kind: 'typing' }, conversationId: CONV, userId: USER, isBot: false } })],
  },
  {
    name: 'stream_malformed_event', section: 'Streams',
    stream: ['data: {not json\n\n', sse(created('m1', 'after a bad one', true))],
  },
  {
    name: 'stream_close_mid_event', section: 'Streams',
    stream: [sse(created('m1', 'whole', true)), 'data: {"type":"message_cr'],
  },
  {
    name: 'stream_retry_and_id', section: 'Streams',
    stream: ['retry: 10\nid: 7\n\n', `id: 8\ndata: ${JSON.stringify(created('m1', 'with an id', true))}\n\n`],
  },
  {
    name: 'stream_listen_url', section: 'Streams', id: 'conv 1/2',
    stream: [sse(created('m1', 'encoded', true))],
    bug: 'the official listener puts the conversation id in the URL unencoded (`conv 1/2` gives the path /conversations/conv%201/2/listen, another resource); ours encodes it as one segment',
  },
];

// A signed key at the pinned time: jsonwebtoken reads Date.now() for `iat`.
async function pinnedClock(run) {
  const now = Date.now;
  Date.now = () => IAT * 1000;
  try {
    return await run();
  } finally {
    Date.now = now;
  }
}

// ---- The server: records every request of the current case, answers as the case says.
let current = null;
const server = net.createServer((socket) => {
  let buffer = Buffer.alloc(0);
  socket.on('error', () => {});
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
    buffer = Buffer.alloc(0);
    const request = {
      method,
      target,
      headers: Object.fromEntries((target.endsWith('/listen') ? STREAM_HEADERS : HEADERS).filter((h) => h in headers).map((h) => [h, headers[h]])),
      body: length ? body.toString('utf8') : null,
    };
    const hello = target.endsWith('/hello/') || target.endsWith('/hello');
    if (hello) request.connection_test = true;
    current.requests.push(request);
    if (hello) {
      reply(socket, 200, '{}');
      return;
    }
    if (current.case.stream && target.endsWith('/listen')) {
      stream(socket, current.case);
      return;
    }
    const answers = current.case.answers ?? [json(200, {})];
    const [status, text] = answers[Math.min(current.answered++, answers.length - 1)];
    reply(socket, status, text);
  });
});

function reply(socket, status, text) {
  const body = Buffer.from(text, 'utf8');
  socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 ${status} ${status < 400 ? 'OK' : 'Error'}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n`), body]));
}

const STREAM_HEAD = 'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\nconnection: close\r\n\r\n';

async function stream(socket, c) {
  const writes = [...c.stream];
  if (c.withHead) writes[0] = STREAM_HEAD + writes[0];
  else writes.unshift(STREAM_HEAD);
  for (const text of writes) {
    socket.write(text);
    await sleep(40);
  }
  socket.end();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const apiUrl = `http://127.0.0.1:${server.address().port}/wh_1`;
const connect = (props) => Client.connect({ apiUrl, ...props });

// What a call gave: an error (its kind, status and message) or nothing to compare.
function failure(e) {
  const status = e?.code ?? e?.status ?? e?.response?.status ?? null;
  return { kind: e?.constructor?.name ?? typeof e, status: typeof status === 'number' ? status : null, message: String(e?.message ?? e) };
}

// The signals a listener emits, until the stream ends (error) or goes quiet.
async function listen(client, id) {
  const listener = await client.listenConversation({ ...k, id });
  const signals = [];
  for (const type of ['message_created', 'message_deleted', 'event_created', 'participant_added', 'participant_removed', 'unknown']) {
    listener.on(type, (data) => signals.push({ type, data }));
  }
  let ended = null;
  listener.on('error', (e) => {
    ended = String(e?.message ?? e);
  });
  for (let i = 0; i < 50 && ended === null; i++) await sleep(20);
  await listener.disconnect();
  return { signals, ended };
}

const client = new Client({ apiUrl });
// The connection test of this client, once: recorded as a case of its own.
const golden = [];
for (const c of [{ name: 'connection_test', section: 'Connect', call: (cl) => cl.getUser({ ...k }), answers: [json(200, { user })], differs: HELLO }, ...CASES]) {
  current = { case: c, requests: [], answered: 0 };
  const record = { case: c.name, section: c.section };
  try {
    if (c.stream) {
      const { signals, ended } = await listen(client, c.id ?? CONV);
      record.signals = signals;
      record.ended = ended;
    } else {
      await c.call(client);
    }
  } catch (e) {
    record.error = failure(e);
  }
  if (current.requests.length === 0 && !c.bug) throw new Error(`${c.name}: the official client sent nothing (${JSON.stringify(record.error)})`);
  record.requests = current.requests;
  if (c.answers) record.answers = c.answers.map(([status, body]) => ({ status, body }));
  if (c.stream) record.stream = { with_head: Boolean(c.withHead), writes: c.stream };
  if (c.id) record.id = c.id;
  if (c.bug) record.official_client_bug = c.bug;
  if (c.differs) record.deliberate_difference = c.differs;
  golden.push(record);
}
server.close();

// The user keys the official client signs (Node's jsonwebtoken), at the pinned time.
const vectors = [
  { user_id: 'user-1', encryption_key: 'my-encryption-key' },
  { user_id: USER, encryption_key: ENCRYPTION_KEY },
  { user_id: 'üser with spaces', encryption_key: 'k' },
  // Payloads of every length modulo 3 (27, 28, 29 bytes): base64url with no padding each way.
  { user_id: 'a', encryption_key: 'k' },
  { user_id: 'ab', encryption_key: 'k' },
  { user_id: 'abc', encryption_key: 'k' },
].map((v) => ({ ...v, iat: IAT, key: jsonwebtoken.sign({ id: v.user_id, iat: IAT }, v.encryption_key, { algorithm: 'HS256' }) }));

const out = path.join(here, 'golden.json');
const config = { api_url_path: '/wh_1', user_key: KEY, encryption_key: ENCRYPTION_KEY, iat: IAT };
writeFileSync(out, JSON.stringify({ client: `@botpress/chat@${VERSION}`, config, cases: golden, jwt: vectors }, null, 2) + '\n');
console.error(`${golden.length} cases written to ${out}`);
process.exit(0);
