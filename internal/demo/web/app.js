'use strict';
// buyerdesk demo page. It renders the fake Slack's state (GET /fake/state),
// follows changes (GET /fake/events) and acts as the selected agent
// (POST /fake/act/{action}). Text from Slack is only ever inserted as text
// nodes or attribute values: nothing is parsed as HTML.

const EMOJI = {
  eyes: '👀', white_check_mark: '✅', heavy_check_mark: '✔️', no_entry_sign: '🚫', no_entry: '⛔',
  warning: '⚠️', raised_hand: '✋', hand: '✋', '+1': '👍', thumbsup: '👍', '-1': '👎', x: '❌',
  envelope: '✉️', email: '📧', incoming_envelope: '📨', envelope_with_arrow: '📩', inbox_tray: '📥', outbox_tray: '📤',
  speech_balloon: '💬', rotating_light: '🚨', hourglass_flowing_sand: '⏳', hourglass: '⌛',
  alarm_clock: '⏰', clock3: '🕒', pencil2: '✏️', memo: '📝', package: '📦', truck: '🚚',
  paperclip: '📎', link: '🔗', mag: '🔍', bell: '🔔', lock: '🔒', tada: '🎉', fire: '🔥',
  wave: '👋', house: '🏠', calendar: '📆', pushpin: '📌', information_source: 'ℹ️',
  question: '❓', grey_question: '❔', exclamation: '❗', handshake: '🤝', wastebasket: '🗑️', clipboard: '📋', red_circle: '🔴', large_green_circle: '🟢',
  large_yellow_circle: '🟡', busts_in_silhouette: '👥', bust_in_silhouette: '👤',
  arrows_counterclockwise: '🔄', arrow_right: '➡️', sos: '🆘', globe_with_meridians: '🌐',
  de: '🇩🇪', us: '🇺🇸', gb: '🇬🇧', 'flag-de': '🇩🇪', 'flag-us': '🇺🇸', 'flag-gb': '🇬🇧', 'flag-au': '🇦🇺',
};
const PICKER = ['eyes', 'white_check_mark', 'no_entry_sign', 'raised_hand', '+1'];

// S is the page's state.
const S = {
  cfg: { title: 'buyerdesk demo', default_channel: '', agents: [] },
  agent: '', view: { kind: 'channel', id: '' }, thread: '', focus: '', picker: '',
  snap: null, users: {}, outbox: [], modalKey: '', dismissed: new Set(),
  seq: 0, loading: false, again: false,
};

// ---- DOM helpers -------------------------------------------------------

function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'testid') el.dataset.testid = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid != null && kid !== false) el.append(kid instanceof Node ? kid : String(kid));
  }
  return el;
}
const $ = (id) => document.getElementById(id);
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

function toast(text) {
  const t = $('toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 5000);
}

// ---- names, times, emoji ----------------------------------------------

function userName(id) {
  const u = S.users[id];
  return u ? (u.real_name || u.name) : id;
}
function botName() {
  const bot = Object.values(S.users).find((u) => u.is_bot);
  return bot ? (bot.real_name || bot.name) : 'app';
}
function channelName(id) {
  const c = S.snap && S.snap.channels.find((x) => x.id === id);
  return c ? c.name : id;
}
function tsDate(ts) { return new Date(parseFloat(ts) * 1000); }
function timeOf(ts) { return tsDate(ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }); }
function emojiChar(name) { return EMOJI[String(name).split('::')[0]]; }
function emoji(name) {
  const c = emojiChar(name);
  return c ? h('span', { class: 'emoji', title: `:${name}:` }, c) : `:${name}:`;
}
// plain renders a plain_text string, with emoji shortcodes replaced.
function plain(s) { return String(s || '').replace(/:([a-z0-9_+-]+):/g, (m, n) => emojiChar(n) || m); }

// ---- mrkdwn ------------------------------------------------------------

// escapeSlack escapes typed text as Slack's client does before sending.
function escapeSlack(s) { return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); }
function unescapeSlack(s) { return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'); }

const INLINE = new RegExp([
  '<([^<>\\n]+)>', // 1 special token: mention, date, link
  '`([^`\\n]+)`', // 2 code
  '(?<![\\w*])\\*(?!\\s)([^*\\n]+?)\\*(?![\\w*])', // 3 bold
  '(?<![\\w_])_(?!\\s)([^_\\n]+?)_(?![\\w_])', // 4 italic
  '(?<![\\w~])~(?!\\s)([^~\\n]+?)~(?![\\w~])', // 5 strike
  ':([a-z0-9_+-]+):', // 6 emoji
].join('|'), 'g');

function mrkdwn(text) {
  const frag = document.createDocumentFragment();
  String(text || '').split('```').forEach((part, i) => {
    if (i % 2 === 1) { frag.append(preformatted(part.replace(/^\n/, ''))); return; }
    let quote = null;
    part.split('\n').forEach((line, j) => {
      const q = /^(?:&gt;|>) ?(.*)$/.exec(line);
      if (q) {
        if (quote) quote.append(h('br'));
        else frag.append(quote = h('blockquote'));
        quote.append(inline(q[1]));
        return;
      }
      if (j > 0 && !quote) frag.append(h('br'));
      quote = null;
      frag.append(inline(line));
    });
  });
  return frag;
}

// preformatted keeps formatting characters but shows mentions and links as text.
function preformatted(s) {
  const text = s.replace(/<([^<>\n]+)>/g, (m, tok) => {
    const n = special(tok);
    return typeof n === 'string' ? n : n.textContent;
  });
  return h('pre', { class: 'code' }, unescapeSlack(text));
}

function inline(s) {
  const frag = document.createDocumentFragment();
  let last = 0;
  for (const m of s.matchAll(INLINE)) {
    frag.append(unescapeSlack(s.slice(last, m.index)));
    last = m.index + m[0].length;
    if (m[1] != null) frag.append(special(m[1]));
    else if (m[2] != null) frag.append(h('code', {}, unescapeSlack(m[2])));
    else if (m[3] != null) frag.append(h('b', {}, inline(m[3])));
    else if (m[4] != null) frag.append(h('i', {}, inline(m[4])));
    else if (m[5] != null) frag.append(h('s', {}, inline(m[5])));
    else frag.append(emoji(m[6]));
  }
  frag.append(unescapeSlack(s.slice(last)));
  return frag;
}

// special renders <@U…>, <#C…>, <!here>, <!date^…|fallback> and <url|text>.
function special(tok) {
  const bar = tok.indexOf('|');
  const target = bar < 0 ? tok : tok.slice(0, bar);
  const label = bar < 0 ? '' : unescapeSlack(tok.slice(bar + 1));
  if (target[0] === '@') return h('span', { class: 'mention' }, '@' + (label || userName(target.slice(1))));
  if (target[0] === '#') return h('span', { class: 'mention' }, '#' + (label || channelName(target.slice(1))));
  if (target.startsWith('!date^')) return slackDate(target, label);
  if (target.startsWith('!subteam^')) return h('span', { class: 'mention' }, label || '@' + target.slice(9));
  if (target[0] === '!') return h('span', { class: 'mention' }, '@' + target.slice(1));
  const url = unescapeSlack(target);
  if (!/^(https?:|mailto:)/i.test(url)) return label || url;
  const inPage = permalink(url);
  if (inPage) return h('a', { href: inPage, title: url }, label || url);
  return h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', title: url }, label || url);
}

// permalink turns a link to a Slack message (…/archives/C…/p…, as
// chat.getPermalink answers) into the page's own route to its thread, or
// returns ''.
function permalink(url) {
  let u;
  try { u = new URL(url); } catch (err) { return ''; }
  const m = /^\/archives\/([A-Z0-9]+)\/p(\d{7,})$/.exec(u.pathname);
  if (!m) return '';
  const ts = m[2].slice(0, -6) + '.' + m[2].slice(-6);
  const thread = u.searchParams.get('thread_ts') || ts;
  return `#/channel/${m[1]}/${/^\d+\.\d+$/.test(thread) ? thread : ts}`;
}

function slackDate(target, fallback) {
  const [, ts, format] = target.split('^');
  const d = new Date(Number(ts) * 1000);
  if (isNaN(d)) return fallback;
  const day = (pretty) => {
    const diff = Math.round((new Date(d).setHours(0, 0, 0, 0) - new Date().setHours(0, 0, 0, 0)) / 864e5);
    if (pretty && diff >= -1 && diff <= 1) return ['Yesterday', 'Today', 'Tomorrow'][diff + 1];
    return d.toLocaleDateString([], { month: 'short', day: 'numeric', year: 'numeric' });
  };
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const text = (format || '{date_short_pretty} {time}')
    .replace(/\{date_(?:short_|long_)?pretty\}/g, () => day(true))
    .replace(/\{date(?:_short|_long|_num)?\}/g, () => day(false))
    .replace(/\{time(?:_secs)?\}/g, time);
  return h('time', { datetime: d.toISOString(), title: fallback }, text);
}

function textObj(o) {
  if (!o) return '';
  return o.type === 'mrkdwn' ? mrkdwn(o.text) : plain(o.text);
}

// ---- Block Kit ---------------------------------------------------------
// ctx says where an interactive element lives: {channel, ts} for a message,
// {view} for a modal or the App Home.

function blocks(list, ctx) {
  return h('div', { class: 'blocks' }, (list || []).map((b) => block(b, ctx)));
}

function block(b, ctx) {
  switch (b.type) {
    case 'header': return h('div', { class: 'b-header' }, plain(b.text && b.text.text));
    case 'divider': return h('hr', { class: 'b-divider' });
    case 'section': return h('div', { class: 'b-section', 'data-block': b.block_id },
      h('div', { class: 'b-section-main' },
        b.text ? h('div', { class: 'b-text' }, textObj(b.text)) : null,
        b.fields ? h('div', { class: 'b-fields' }, b.fields.map((f) => h('div', { class: 'b-field' }, textObj(f)))) : null),
      b.accessory ? element(b.accessory, ctx, b.block_id) : null);
    case 'context': return h('div', { class: 'b-context' },
      (b.elements || []).map((e) => (e.type === 'image' ? null : h('span', {}, textObj(e)))));
    case 'actions': return h('div', { class: 'b-actions' }, (b.elements || []).map((e) => element(e, ctx, b.block_id)));
    case 'input': return input(b, ctx);
    default: return h('div', { class: 'b-unknown' }, `[${b.type} block]`);
  }
}

// element renders an interactive element of block blockID.
function element(e, ctx, blockID) {
  switch (e.type) {
    case 'button': return h('button', {
      class: 'btn' + (e.style ? ' ' + e.style : ''), testid: 'button-' + e.action_id, 'data-value': e.value,
      onclick: (ev) => {
        ev.currentTarget.disabled = true;
        if (e.url && /^https?:/i.test(e.url)) window.open(e.url, '_blank', 'noopener');
        pressed(ctx, 'click', e.action_id, e.value || '');
      },
    }, plain(e.text && e.text.text));
    case 'static_select':
    case 'overflow': {
      const sel = selectEl(e, 'select-' + e.action_id);
      sel.addEventListener('change', () => sel.value && pressed(ctx, 'select', e.action_id, sel.value));
      if (ctx.view && e.type === 'static_select') {
        // Like Slack, a view's state carries its selects outside input
        // blocks too; the app's update decides what they show next.
        sel.classList.add('field');
        Object.assign(sel.dataset, { block: blockID, action: e.action_id, kind: e.type });
      }
      return sel;
    }
    default: return h('span', { class: 'b-unknown' }, `[${e.type}]`);
  }
}

// pressed sends a button click or a select as the current agent.
function pressed(ctx, kind, actionID, value) {
  if (ctx.view) return act('view_' + kind, { view_id: ctx.view.id, action_id: actionID, value });
  return act(kind, { channel: ctx.channel, ts: ctx.ts, action_id: actionID, value });
}

function selectEl(e, testid) {
  const opts = (e.option_groups || [{ options: e.options }]).flatMap((g) => g.options || []);
  const initial = e.initial_option && e.initial_option.value;
  const placeholder = e.type === 'overflow' ? '⋯' : plain(e.placeholder ? e.placeholder.text : 'Select an option');
  return h('select', { class: 'select', testid },
    h('option', { value: '', selected: !initial }, placeholder),
    opts.map((o) => h('option', { value: o.value, selected: o.value === initial }, plain(o.text.text))));
}

function input(b, ctx) {
  const e = b.element || {};
  let control;
  if (e.type === 'plain_text_input') {
    control = e.multiline ? h('textarea', { rows: 8 }) : h('input', { type: 'text' });
    control.value = e.initial_value || '';
    if (e.placeholder) control.placeholder = e.placeholder.text;
  } else if (e.type === 'static_select') {
    control = selectEl(e, null);
    if (e.dispatch_action || b.dispatch_action) {
      control.addEventListener('change', () => control.value && pressed(ctx, 'select', e.action_id, control.value));
    }
  } else if (e.type === 'checkboxes') {
    const on = new Set((e.initial_options || []).map((o) => o.value));
    control = h('div', { class: 'checks' }, (e.options || []).map((o) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', value: o.value, 'data-text': o.text.text, checked: on.has(o.value), testid: 'checkbox-' + o.value }),
      h('span', {}, textObj(o.text)))));
  } else {
    return h('div', { class: 'b-unknown' }, `[${e.type} input]`);
  }
  control.classList.add('field');
  for (const type of ['input', 'change']) control.addEventListener(type, () => control.classList.add('edited'));
  Object.assign(control.dataset, { testid: control.dataset.testid || 'input-' + e.action_id, block: b.block_id, action: e.action_id, kind: e.type });
  return h('div', { class: 'b-input', 'data-block': b.block_id },
    h('label', { class: 'b-label' }, plain(b.label && b.label.text), b.optional ? h('span', { class: 'optional' }, ' (optional)') : null),
    control,
    b.hint ? h('div', { class: 'b-hint' }, plain(b.hint.text)) : null,
    h('div', { class: 'b-error', testid: 'modal-error', 'data-block': b.block_id, hidden: true }));
}

// values reads a modal's inputs as view.state.values (block → action →
// value); edited restricts it to inputs the user changed.
function values(root, edited) {
  const out = {};
  for (const el of root.querySelectorAll(edited ? '.field.edited' : '.field')) {
    let v;
    if (el.dataset.kind === 'plain_text_input') v = { type: 'plain_text_input', value: el.value };
    else if (el.dataset.kind === 'static_select') {
      v = { type: 'static_select' };
      if (el.value) v.selected_option = { text: el.selectedOptions[0].textContent, value: el.value };
    } else if (el.dataset.kind === 'checkboxes') {
      v = { type: 'checkboxes', selected_options: [...el.querySelectorAll('input:checked')].map((c) => ({ text: c.dataset.text, value: c.value })) };
    } else continue;
    (out[el.dataset.block] = out[el.dataset.block] || {})[el.dataset.action] = v;
  }
  return out;
}

// restore puts values read by values() back into the matching inputs.
function restore(root, kept) {
  for (const el of root.querySelectorAll('.field')) {
    const v = (kept[el.dataset.block] || {})[el.dataset.action];
    if (!v) continue;
    el.classList.add('edited');
    if (v.type === 'plain_text_input') el.value = v.value;
    else if (v.type === 'static_select') el.value = v.selected_option ? v.selected_option.value : '';
    else if (v.type === 'checkboxes') {
      const on = new Set(v.selected_options.map((o) => o.value));
      for (const c of el.querySelectorAll('input')) c.checked = on.has(c.value);
    }
  }
}

// ---- messages ----------------------------------------------------------

// messageEl renders m as role: "message" in the channel, "thread-parent"
// atop the thread panel, or "reply" in it.
function messageEl(m, role) {
  const name = m.bot_id ? botName() : userName(m.user);
  const ctx = { channel: m.channel, ts: m.ts };
  const replies = (m.replies || []).length;
  const top = role === 'message';
  return h('div', { class: 'msg', testid: role, 'data-ts': m.ts },
    h('div', { class: 'avatar' + (m.bot_id ? ' bot' : '') }, m.bot_id ? '🤖' : name.slice(0, 1).toUpperCase()),
    h('div', { class: 'msg-main' },
      h('div', { class: 'msg-meta' },
        h('span', { class: 'author' }, name), m.bot_id ? h('span', { class: 'app-tag' }, 'APP') : null,
        h('span', { class: 'time', title: tsDate(m.ts).toLocaleString() }, timeOf(m.ts)),
        m.edited ? h('span', { class: 'edited' }, '(edited)') : null),
      m.blocks && m.blocks.length ? blocks(m.blocks, ctx) : h('div', { class: 'b-text' }, mrkdwn(m.text)),
      reactions(m),
      top && replies ? h('button', { class: 'thread-link', testid: 'thread-open', onclick: () => openThread(m.ts) },
        plural(replies, 'reply', 'replies')) : null),
    h('div', { class: 'hover-actions' },
      h('button', { title: 'Add reaction', testid: 'reaction-add', onclick: () => { S.picker = S.picker === role + m.ts ? '' : role + m.ts; render(); } }, '☺'),
      top ? h('button', { title: 'Reply in thread', testid: 'thread-reply', onclick: () => openThread(m.ts) }, '💬') : null),
    S.picker === role + m.ts ? h('div', { class: 'picker', testid: 'emoji-picker' }, PICKER.map((n) => h('button', {
      testid: 'emoji-' + n, title: `:${n}:`,
      onclick: () => { S.picker = ''; act('react', { channel: m.channel, ts: m.ts, name: n }); },
    }, emojiChar(n)))) : null);
}

function reactions(m) {
  if (!m.reactions || !m.reactions.length) return null;
  return h('div', { class: 'reactions' }, m.reactions.map((r) => {
    const mine = r.users.includes(S.agent);
    return h('button', {
      class: 'reaction' + (mine ? ' mine' : ''), testid: 'reaction-' + r.name, title: r.users.map(userName).join(', '),
      onclick: () => act(mine ? 'unreact' : 'react', { channel: m.channel, ts: m.ts, name: r.name }),
    }, emojiChar(r.name) || `:${r.name}:`, h('span', { class: 'count' }, String(r.users.length)));
  }));
}

function ephemeralEl(e) {
  return h('div', { class: 'msg ephemeral', testid: 'ephemeral', 'data-ts': e.ts },
    h('div', { class: 'avatar bot' }, '🤖'),
    h('div', { class: 'msg-main' },
      h('div', { class: 'msg-meta' }, h('span', { class: 'author' }, botName()), h('span', { class: 'app-tag' }, 'APP'),
        h('span', { class: 'time' }, timeOf(e.ts))),
      e.blocks && e.blocks.length ? blocks(e.blocks, { channel: e.channel, ts: e.ts }) : h('div', { class: 'b-text' }, mrkdwn(e.text)),
      h('div', { class: 'only-you' }, '👁 Only visible to you · ',
        h('button', { class: 'link', testid: 'ephemeral-dismiss', onclick: () => { S.dismissed.add(e.ts); render(); } }, 'Dismiss'))));
}

// byTS merges messages and ephemerals in time order.
const byTS = (a, b) => parseFloat(a.ts) - parseFloat(b.ts);
function ephemeralsFor(threadTS) {
  const snap = S.snap;
  return (snap.ephemerals || []).filter((e) => e.channel === snap.channel && (e.thread_ts || '') === threadTS && !S.dismissed.has(e.ts));
}

// ---- panes -------------------------------------------------------------

function render() {
  if (!S.snap) return;
  renderSidebar();
  if (S.view.kind === 'home') renderHome();
  else if (S.view.kind === 'outbox') renderOutbox();
  else renderChannel();
  renderThread();
  renderModal();
}

function renderSidebar() {
  // Sorted by name, as Slack's sidebar does.
  const chans = S.snap.channels.filter((c) => !c.is_im).sort((a, b) => a.name.localeCompare(b.name));
  $('channels').replaceChildren(...chans.map((c) => h('li', {},
    h('a', { href: '#/channel/' + c.id, class: S.view.kind === 'channel' && S.view.id === c.id ? 'active' : '', testid: 'nav-channel-' + c.id },
      h('span', { class: 'hash' }, '#'), c.name))));
  $('nav-home').className = S.view.kind === 'home' ? 'active' : '';
  $('nav-outbox').className = S.view.kind === 'outbox' ? 'active' : '';
  $('outbox-count').textContent = String(S.outbox.length);
  $('outbox-count').hidden = S.outbox.length === 0;
}

// keepScroll re-renders body and stays at the bottom if it was there.
function keepScroll(body, fill) {
  const atBottom = body.scrollHeight - body.scrollTop - body.clientHeight < 40;
  fill();
  if (atBottom) body.scrollTop = body.scrollHeight;
}

function renderChannel() {
  $('composer').hidden = false;
  $('pane-header').replaceChildren(h('span', { class: 'pane-title' }, '# ' + channelName(S.view.id)));
  const items = [...(S.snap.messages || []).map((m) => ({ ts: m.ts, el: () => messageEl(m, 'message') })),
    ...ephemeralsFor('').map((e) => ({ ts: e.ts, el: () => ephemeralEl(e) }))].sort(byTS);
  const body = $('pane-body');
  keepScroll(body, () => body.replaceChildren(...(items.length ? items.map((i) => i.el())
    : [h('div', { class: 'empty' }, 'No messages yet. Buyer mails appear here as they arrive.')])));
  const focus = S.focus && body.querySelector(`[data-testid="message"][data-ts="${CSS.escape(S.focus)}"]`);
  if (focus) { // a permalink's message: shown once, then the channel scrolls as usual
    focus.scrollIntoView({ block: 'center' });
    S.focus = '';
  }
}

function renderHome() {
  $('composer').hidden = true;
  $('pane-header').replaceChildren(h('span', { class: 'pane-title' }, botName()), h('span', { class: 'tab' }, 'Home'));
  const home = S.snap.home;
  $('pane-body').replaceChildren(h('div', { class: 'home', testid: 'app-home' }, home
    ? blocks(home.blocks, { view: home }) : h('div', { class: 'empty' }, 'The App Home has not been published yet.')));
}

function renderOutbox() {
  $('composer').hidden = true;
  $('pane-header').replaceChildren(h('span', { class: 'pane-title' }, 'Outbox'),
    h('span', { class: 'tab' }, plural(S.outbox.length, 'mail sent', 'mails sent')));
  $('pane-body').replaceChildren(h('div', { class: 'outbox' }, S.outbox.length ? S.outbox.map((m) => h('article', { class: 'mail', testid: 'outbox-mail' },
    h('div', { class: 'mail-subject', testid: 'outbox-subject' }, m.subject || '(no subject)'),
    h('dl', { class: 'mail-head' },
      h('dt', {}, 'To'), h('dd', { testid: 'outbox-to' }, (m.to || []).join(', ')),
      h('dt', {}, 'From'), h('dd', {}, m.from),
      h('dt', {}, 'Date'), h('dd', {}, new Date(m.date || m.received_at).toLocaleString()),
      m.in_reply_to ? [h('dt', {}, 'In reply to'), h('dd', {}, m.in_reply_to)] : null),
    m.error ? h('div', { class: 'b-error' }, m.error) : null,
    h('pre', { class: 'mail-body', testid: 'outbox-body' }, m.body)))
    : h('div', { class: 'empty' }, 'No mail sent yet. Approved replies appear here.')));
}

function renderThread() {
  const panel = $('thread');
  const parent = S.thread && S.view.kind === 'channel' && (S.snap.messages || []).find((m) => m.ts === S.thread);
  panel.hidden = !parent;
  if (!parent) return;
  const items = [...(parent.replies || []).map((m) => ({ ts: m.ts, el: () => messageEl(m, 'reply') })),
    ...ephemeralsFor(parent.ts).map((e) => ({ ts: e.ts, el: () => ephemeralEl(e) }))].sort(byTS);
  const body = $('thread-body');
  keepScroll(body, () => body.replaceChildren(messageEl(parent, 'thread-parent'),
    h('div', { class: 'divider-label' }, plural((parent.replies || []).length, 'reply', 'replies')), ...items.map((i) => i.el())));
  $('thread-title').textContent = '# ' + channelName(S.view.id);
}

function openThread(ts) {
  S.thread = ts;
  render();
}

function renderModal() {
  const overlay = $('overlay');
  const views = (S.snap.views || []).filter((v) => !v.closed && v.type === 'modal');
  const v = views[views.length - 1];
  if (!v) { overlay.hidden = true; overlay.replaceChildren(); S.modalKey = ''; return; }
  const key = v.id + ':' + v.hash;
  if (S.modalKey !== key) { // a new or updated view: render it afresh
    // Like Slack, an update keeps what the user entered in inputs whose
    // block_id and action_id stay the same.
    const kept = S.modalKey.startsWith(v.id + ':') ? values(overlay, true) : {};
    S.modalKey = key;
    const raw = v.view || {};
    const t = (o, d) => plain(o && o.text ? o.text : d);
    overlay.replaceChildren(h('div', { class: 'modal', testid: 'modal', 'data-view-id': v.id, 'data-callback-id': v.callback_id, role: 'dialog' },
      h('div', { class: 'modal-head' }, h('span', { testid: 'modal-title' }, t(raw.title, 'Modal')),
        h('button', { class: 'x', title: 'Close', onclick: () => act('close', { view_id: v.id }) }, '×')),
      h('div', { class: 'modal-body' }, blocks(v.blocks, { view: v })),
      h('div', { class: 'modal-foot' },
        h('button', { class: 'btn', testid: 'modal-close', onclick: () => act('close', { view_id: v.id }) }, t(raw.close, 'Cancel')),
        raw.submit ? h('button', {
          class: 'btn primary', testid: 'modal-submit',
          onclick: async (ev) => { // disabled while Slack waits for the app, as in Slack
            const btn = ev.currentTarget;
            btn.disabled = true;
            await act('submit', { view_id: v.id, values: values(overlay) });
            btn.disabled = false;
          },
        }, t(raw.submit, 'Submit')) : null)));
    restore(overlay, kept);
  }
  overlay.hidden = false;
  for (const el of overlay.querySelectorAll('.b-error[data-block]')) {
    const msg = v.errors && v.errors[el.dataset.block];
    el.hidden = !msg;
    el.textContent = msg ? '⚠ ' + msg : '';
    el.parentElement.classList.toggle('has-error', !!msg);
  }
}

// ---- talking to the fake -----------------------------------------------

async function act(action, body) {
  let out = {};
  try {
    const res = await fetch('/fake/act/' + action, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: S.agent, ...body }),
    });
    out = await res.json().catch(() => ({ ok: false, error: 'HTTP ' + res.status }));
  } catch (err) {
    out = { ok: false, error: String(err) };
  }
  if (!out.ok) toast(`${action.replace('_', ' ')} failed: ${out.error === 'ack_timeout' ? 'the app did not answer' : out.error}`);
  refresh();
  return out;
}

// refresh loads the state; calls during a load coalesce into one more load.
async function refresh() {
  if (S.loading) { S.again = true; return; }
  S.loading = true;
  try {
    const q = new URLSearchParams({ channel: S.view.kind === 'channel' ? S.view.id : '', user: S.agent });
    const res = await fetch('/fake/state?' + q);
    if (res.ok) {
      S.snap = await res.json();
      S.users = Object.fromEntries(S.snap.users.map((u) => [u.id, u]));
      render();
    }
  } catch (err) {
    $('live').textContent = 'offline';
  } finally {
    S.loading = false;
    if (S.again) { S.again = false; refresh(); }
  }
}

async function loadOutbox() {
  try {
    const res = await fetch('/outbox.json');
    const mails = await res.json();
    if (JSON.stringify(mails) === JSON.stringify(S.outbox)) return;
    S.outbox = mails;
    render();
  } catch (err) { /* the next poll retries */ }
}

function follow() {
  const es = new EventSource('/fake/events');
  es.onopen = () => { $('live').textContent = 'live'; $('live').className = 'live on'; };
  es.onerror = () => { $('live').textContent = 'reconnecting'; $('live').className = 'live'; };
  es.onmessage = () => refresh();
}

// ---- navigation and start-up -------------------------------------------

function route() {
  const [, kind, id, ts] = location.hash.split('/');
  if (kind === 'home' || kind === 'outbox') S.view = { kind, id: '' };
  else S.view = { kind: 'channel', id: (kind === 'channel' && id) || S.cfg.default_channel };
  S.thread = (kind === 'channel' && ts) || ''; // #/channel/C…/ts opens that thread
  S.focus = S.thread;
  S.picker = '';
  if (S.view.kind === 'home') act('home', {});
  refresh();
}

function setAgent(id) {
  S.agent = id;
  S.modalKey = '';
  $('agent').value = id;
  if (S.view.kind === 'home') act('home', {});
  refresh();
}

function buildThreadPanel() {
  const input = h('input', { testid: 'thread-composer', autocomplete: 'off', placeholder: 'Reply…' });
  $('thread').append(
    h('div', { class: 'pane-header' }, h('span', { class: 'pane-title' }, 'Thread'), h('span', { class: 'tab', id: 'thread-title' }),
      h('button', { class: 'x', testid: 'thread-close', title: 'Close', onclick: () => openThread('') }, '×')),
    h('div', { class: 'pane-body', id: 'thread-body' }),
    h('form', {
      class: 'composer', onsubmit: (ev) => {
        ev.preventDefault();
        if (!input.value.trim()) return;
        act('post', { channel: S.view.id, thread_ts: S.thread, text: escapeSlack(input.value) });
        input.value = '';
      },
    }, input, h('button', { type: 'submit', testid: 'thread-send' }, 'Send')));
}

async function start() {
  try { S.cfg = await (await fetch('/config.json')).json(); } catch (err) { toast('could not load the configuration'); }
  document.title = S.cfg.title;
  $('title').textContent = S.cfg.title;
  $('agent').replaceChildren(...S.cfg.agents.map((a) => h('option', { value: a.id }, a.name)));
  $('agent').addEventListener('change', (ev) => setAgent(ev.target.value));
  $('composer').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const input = $('composer-input');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    if (text.startsWith('/')) {
      const sp = text.indexOf(' ');
      act('slash', { channel: S.view.id, command: sp < 0 ? text : text.slice(0, sp), text: sp < 0 ? '' : text.slice(sp + 1) });
    } else act('post', { channel: S.view.id, text: escapeSlack(text) });
  });
  buildThreadPanel();
  S.agent = (S.cfg.agents[0] || {}).id || '';
  window.addEventListener('hashchange', route);
  route();
  follow();
  loadOutbox();
  setInterval(loadOutbox, 1500);
}

start();
