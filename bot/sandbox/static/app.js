// Sandbox chat page: plays a migrant in a private chat and operators in the forum group,
// by polling the emulator's control API (/_sandbox/...). No framework, no build step.
"use strict";

const POLL_MS = 700;
const $ = (id) => document.getElementById(id);

const page = {
  userId: null,
  userVersion: -1,
  groupId: null,
  threadId: null,
  opsVersion: -1,
  users: [],
  chats: [],
};

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  const response = await fetch(path, options);
  const data = await response.json();
  if (!response.ok) {
    throw new Error(data.error || response.statusText);
  }
  return data;
}

function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 3500);
}

// ---- rendering -----------------------------------------------------------------------

const STYLE_TAGS = {
  bold: "b", italic: "i", underline: "u", strikethrough: "s", code: "code", pre: "pre",
  spoiler: "span", text_link: "a", blockquote: "blockquote", expandable_blockquote: "blockquote",
};

// Offsets are UTF-16 code units, like JavaScript string indexes, so they apply directly.
function renderEntities(text, entities) {
  const frag = document.createDocumentFragment();
  const usable = (entities || []).filter((e) => STYLE_TAGS[e.type]);
  if (!usable.length) {
    frag.append(text);
    return frag;
  }
  const cuts = new Set([0, text.length]);
  usable.forEach((e) => { cuts.add(e.offset); cuts.add(e.offset + e.length); });
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i < points.length - 1; i += 1) {
    const [start, end] = [points[i], points[i + 1]];
    let node = document.createTextNode(text.slice(start, end));
    usable.filter((e) => e.offset <= start && e.offset + e.length >= end).forEach((e) => {
      const wrapper = document.createElement(STYLE_TAGS[e.type]);
      if (e.type === "spoiler") wrapper.className = "spoiler";
      if (e.type === "text_link") { wrapper.href = e.url; wrapper.target = "_blank"; wrapper.rel = "noopener"; }
      wrapper.append(node);
      node = wrapper;
    });
    frag.append(node);
  }
  return frag;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function withContent(node, content) {
  node.append(content);
  return node;
}

function serviceText(m) {
  if (m.forum_topic_created) return `Topic created: ${m.forum_topic_created.name}`;
  if (m.forum_topic_edited) return `Topic renamed: ${m.forum_topic_edited.name || ""}`;
  if (m.forum_topic_closed) return "Topic closed";
  if (m.forum_topic_reopened) return "Topic reopened";
  return null;
}

function originName(origin) {
  if (origin.sender_user) return [origin.sender_user.first_name, origin.sender_user.last_name].filter(Boolean).join(" ");
  return origin.sender_user_name || origin.author_signature || "someone";
}

function renderMessage(m, viewerId, onPress) {
  const service = serviceText(m);
  if (service) return el("li", "msg service", service);
  const mine = m.from && m.from.id === viewerId;
  const li = el("li", `msg ${m.from && m.from.is_bot ? "from-bot" : "from-user"}${mine ? " mine" : ""}`);
  li.dataset.messageId = m.message_id;
  if (!mine) li.append(el("span", "sender", m.from ? m.from.first_name : ""));
  if (m.forward_origin) li.append(el("span", "forwarded", `Forwarded from ${originName(m.forward_origin)}`));
  // In a topic, every message "replies" to the topic's creation: that is not worth quoting.
  const quoted = m.reply_to_message && !m.reply_to_message.forum_topic_created;
  if (quoted) li.append(el("span", "quote", (m.reply_to_message.text || m.reply_to_message.caption || "…").slice(0, 80)));
  if (m.photo) {
    const img = el("img");
    img.alt = "photo";
    img.src = `/_sandbox/files/${encodeURIComponent(m.photo[m.photo.length - 1].file_id)}`;
    li.append(img);
  }
  if (m.document) {
    const link = el("a", "document", `Document: ${m.document.file_name || "document"}`);
    link.href = `/_sandbox/files/${encodeURIComponent(m.document.file_id)}`;
    link.download = m.document.file_name || "document";
    li.append(link);
  }
  if (m.voice) li.append(el("span", "voice", `Voice message, ${m.voice.duration} s`));
  if (m.sticker) li.append(el("span", "sticker", m.sticker.emoji || "[sticker]"));
  if (m.location) li.append(el("span", "location", `Location: ${m.location.latitude.toFixed(5)}, ${m.location.longitude.toFixed(5)}`));
  if (m.text !== undefined) li.append(withContent(el("span", "text"), renderEntities(m.text, m.entities)));
  if (m.caption) li.append(withContent(el("span", "caption"), renderEntities(m.caption, m.caption_entities)));
  if (m.reply_markup && m.reply_markup.inline_keyboard) {
    const board = el("div", "keyboard");
    m.reply_markup.inline_keyboard.forEach((row) => {
      const line = el("div", "krow");
      row.forEach((button) => {
        let node;
        if (button.url) {
          node = el("a", "inline-button", `${button.text} ↗`);
          node.href = button.url; node.target = "_blank"; node.rel = "noopener";
        } else {
          node = el("button", "inline-button", button.text);
          node.type = "button";
          node.dataset.callbackData = button.callback_data || "";
          node.addEventListener("click", () => onPress(m, button));
        }
        line.append(node);
      });
      board.append(line);
    });
    li.append(board);
  }
  const time = new Date(m.date * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  li.append(el("span", "meta", m.edit_date ? `edited ${time}` : time));
  return li;
}

function fillList(list, messages, viewerId, onPress) {
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
  list.replaceChildren(...messages.map((m) => renderMessage(m, viewerId, onPress)));
  if (atBottom || list.dataset.scrolled !== "1") {
    list.scrollTop = list.scrollHeight;
    list.dataset.scrolled = "1";
  }
}

// ---- migrant side --------------------------------------------------------------------

async function loadPersonas(selectId) {
  const { users } = await api("/_sandbox/users");
  page.users = users;
  const select = $("persona-select");
  const chosen = selectId || page.userId;
  select.replaceChildren(...users.map((u) => {
    const option = el("option", "", `${u.first_name}${u.language_code ? ` (${u.language_code})` : ""} · ${u.id}`);
    option.value = u.id;
    return option;
  }));
  if (chosen && users.some((u) => u.id === chosen)) select.value = String(chosen);
  setPersona(select.value ? Number(select.value) : null);
  fillOperators();
}

function setPersona(userId) {
  if (page.userId !== userId) {
    page.userId = userId;
    page.userVersion = -1;
    $("messages").dataset.scrolled = "0";
    $("messages").replaceChildren();
  }
  $("new-persona").open = !userId;
}

async function pressButton(message, button) {
  const viewer = message.chat.type === "private" ? page.userId : Number($("operator-select").value);
  try {
    const { callback_query_id: queryId } = await api("/_sandbox/press", {
      user_id: viewer, chat_id: message.chat.id, message_id: message.message_id, data: button.callback_data,
    });
    waitForAnswer(queryId, 0);
  } catch (error) {
    toast(error.message);
  }
}

async function waitForAnswer(queryId, attempt) {
  if (attempt > 20) return;
  const { answer } = await api(`/_sandbox/callbacks/${queryId}`);
  if (answer) {
    if (answer.text) toast(answer.text);
    return;
  }
  setTimeout(() => waitForAnswer(queryId, attempt + 1), 250);
}

function renderReplyKeyboard(markup) {
  const box = $("reply-keyboard");
  if (!markup || !markup.keyboard) { box.replaceChildren(); return; }
  box.replaceChildren(...markup.keyboard.map((row) => {
    const line = el("div", "krow");
    row.forEach((button) => {
      const label = typeof button === "string" ? button : button.text;
      const node = el("button", "", label);
      node.type = "button";
      node.addEventListener("click", () => sendText(label));
      line.append(node);
    });
    return line;
  }));
}

async function pollUser() {
  if (!page.userId) return;
  const data = await api(`/_sandbox/chats/${page.userId}/messages?if_version=${page.userVersion}`);
  if (data.unchanged) return;
  page.userVersion = data.version;
  fillList($("messages"), data.messages, page.userId, pressButton);
  renderReplyKeyboard(data.reply_keyboard);
  $("block-toggle").textContent = data.chat.blocked ? "Unblock bot" : "Block bot";
  $("block-toggle").dataset.blocked = data.chat.blocked ? "1" : "0";
}

async function sendText(text) {
  if (!page.userId || !text.trim()) return;
  await api("/_sandbox/send/text", { user_id: page.userId, text });
  pollUser();
}

function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

async function sendFile(file) {
  if (!page.userId || !file) return;
  const kind = file.type.startsWith("image/") ? "photo" : "document";
  await api(`/_sandbox/send/${kind}`, {
    user_id: page.userId,
    content_base64: await readFile(file),
    file_name: file.name,
    mime_type: file.type || "application/octet-stream",
  });
  pollUser();
}

async function sendLocation() {
  if (!page.userId) return;
  const answer = window.prompt("Latitude, longitude", "43.2383, 76.9456");
  if (!answer) return;
  const [latitude, longitude] = answer.split(",").map((part) => Number(part.trim()));
  if (Number.isNaN(latitude) || Number.isNaN(longitude)) { toast("Two numbers, please"); return; }
  await api("/_sandbox/send/location", { user_id: page.userId, latitude, longitude });
  pollUser();
}

// ---- operator side -------------------------------------------------------------------

function currentGroup() {
  return page.chats.find((c) => c.id === page.groupId);
}

function fillOperators() {
  const group = currentGroup();
  const select = $("operator-select");
  const previous = select.value;
  const people = group ? group.members.filter((m) => !m.is_bot) : [];
  select.replaceChildren(...people.map((m) => {
    const option = el("option", "", `${m.first_name} · ${m.status}`);
    option.value = m.id;
    return option;
  }));
  if (people.some((m) => String(m.id) === previous)) select.value = previous;
}

async function loadGroups() {
  const { chats } = await api("/_sandbox/chats");
  page.chats = chats.filter((c) => c.type !== "private");
  const select = $("group-select");
  const previous = page.groupId;
  select.replaceChildren(...page.chats.map((c) => {
    const option = el("option", "", c.title);
    option.value = c.id;
    return option;
  }));
  if (previous && page.chats.some((c) => c.id === previous)) select.value = String(previous);
  page.groupId = select.value ? Number(select.value) : null;
  fillOperators();
  renderTopics();
}

function renderTopics() {
  const group = currentGroup();
  const list = $("topics");
  if (!group) { list.replaceChildren(); return; }
  const entries = [{ message_thread_id: null, name: "General" }, ...group.topics];
  list.replaceChildren(...entries.map((topic) => {
    const li = el("li");
    const button = el("button", topic.message_thread_id === page.threadId ? "active" : "", topic.name);
    button.type = "button";
    if (topic.closed) button.classList.add("closed");
    button.dataset.threadId = topic.message_thread_id || "";
    button.addEventListener("click", () => {
      page.threadId = topic.message_thread_id;
      page.opsVersion = -1;
      $("ops-messages").dataset.scrolled = "0";
      renderTopics();
    });
    li.append(button);
    return li;
  }));
  const active = entries.find((t) => t.message_thread_id === page.threadId) || entries[0];
  $("topic-title").textContent = active.name;
}

async function pollOps() {
  await loadGroups();
  if (!page.groupId) { $("ops-messages").replaceChildren(); return; }
  const data = await api(`/_sandbox/chats/${page.groupId}/messages`);
  const messages = data.messages.filter((m) => (m.message_thread_id || null) === page.threadId);
  const key = `${data.version}:${page.threadId}`;
  if (key === page.opsVersion) return;
  page.opsVersion = key;
  fillList($("ops-messages"), messages, Number($("operator-select").value), pressButton);
}

async function sendAsOperator(text) {
  const operator = Number($("operator-select").value);
  if (!page.groupId || !operator || !text.trim()) { toast("Pick a group and an operator first"); return; }
  const body = { user_id: operator, chat_id: page.groupId, text };
  if (page.threadId) body.message_thread_id = page.threadId;
  await api("/_sandbox/send/text", body);
  pollOps();
}

// ---- wiring --------------------------------------------------------------------------

function guarded(fn) {
  return (...args) => Promise.resolve(fn(...args)).catch((error) => toast(error.message));
}

function wire() {
  document.querySelectorAll(".tab").forEach((tab) => tab.addEventListener("click", () => {
    document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t === tab));
    document.querySelectorAll(".panel").forEach((p) => p.classList.toggle("active", p.id === tab.dataset.panel));
  }));
  $("persona-select").addEventListener("change", (e) => setPersona(Number(e.target.value)));
  $("persona-form").addEventListener("submit", guarded(async (event) => {
    event.preventDefault();
    const user = await api("/_sandbox/users", {
      first_name: $("new-persona-name").value.trim(),
      language_code: $("new-persona-lang").value.trim() || null,
    });
    $("persona-form").reset();
    await loadPersonas(user.id);
  }));
  $("composer").addEventListener("submit", guarded(async (event) => {
    event.preventDefault();
    const input = $("composer-text");
    const text = input.value;
    input.value = "";
    await sendText(text);
  }));
  $("attach-input").addEventListener("change", guarded(async (event) => {
    await sendFile(event.target.files[0]);
    event.target.value = "";
  }));
  $("location-button").addEventListener("click", guarded(sendLocation));
  $("block-toggle").addEventListener("click", guarded(async () => {
    if (!page.userId) return;
    const action = $("block-toggle").dataset.blocked === "1" ? "unblock" : "block";
    await api(`/_sandbox/users/${page.userId}/${action}`, {});
    pollUser();
  }));
  $("group-select").addEventListener("change", (e) => {
    page.groupId = Number(e.target.value);
    page.threadId = null;
    page.opsVersion = -1;
    fillOperators();
    renderTopics();
  });
  $("create-group").addEventListener("click", guarded(async () => {
    const title = window.prompt("Group title", "Senim operators");
    if (!title) return;
    const chat = await api("/_sandbox/groups", { title, forum: true });
    page.groupId = chat.id;
    await loadGroups();
  }));
  $("add-operator").addEventListener("click", guarded(async () => {
    if (!page.groupId) { toast("Create a group first"); return; }
    const name = window.prompt("Operator name", "Operator");
    if (!name) return;
    const user = await api("/_sandbox/users", { first_name: name, language_code: "ru" });
    await api(`/_sandbox/groups/${page.groupId}/members`, { user_id: user.id, status: "administrator" });
    await loadGroups();
    $("operator-select").value = String(user.id);
    await loadPersonas();
  }));
  $("ops-composer").addEventListener("submit", guarded(async (event) => {
    event.preventDefault();
    const input = $("ops-text");
    const text = input.value;
    input.value = "";
    await sendAsOperator(text);
  }));
}

async function loop(fn) {
  try { await fn(); } catch (error) { /* the emulator may be restarting; keep polling */ }
  setTimeout(() => loop(fn), POLL_MS);
}

wire();
loadPersonas().catch((error) => toast(error.message)).finally(() => {
  loop(pollUser);
  loop(pollOps);
});
