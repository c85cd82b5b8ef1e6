/**
 * The signed-in screen's body: the "New to-do" form (Enter submits), the filters with their counts,
 * and the list. Every change goes to the database and the list is re-read from it.
 */
import type { Announcer } from '../announcer';
import { h } from '../dom';
import { readDraft, saveDraft } from '../draft';
import { describeError, isAbort } from '../errors';
import { plural } from '../format';
import { FILTERS, type Counts, type Filter, type TodoRecord, type TodoStore } from '../todos';
import { renderTodoItem, type TodoItemActions } from './todo-item';

/** The list's handle. */
export interface TodoListView {
  el: HTMLElement;
  /** Reads the list and the counts from the database. */
  load(): Promise<void>;
  /** Cancels pending reads. */
  dispose(): void;
}

const FILTER_LABEL: Record<Filter, string> = { all: 'All', active: 'Active', done: 'Done' };
const EMPTY_TEXT: Record<Filter, string> = {
  all: 'Nothing here yet. Add your first to-do above.',
  active: 'Nothing left to do.',
  done: 'Nothing done yet.',
};

/** Builds the list view over a store. */
export function createTodoList(store: TodoStore, announcer: Announcer): TodoListView {
  let filter: Filter = 'all';
  let loadSeq = 0;
  let controller = new AbortController();

  const input = h('input', {
    id: 'new-todo',
    name: 'text',
    class: 'input',
    autocomplete: 'off',
    maxlength: 500,
    placeholder: 'e.g. Buy oat milk',
    'aria-describedby': 'new-todo-hint',
  });
  input.value = readDraft();
  input.addEventListener('input', () => saveDraft(input.value));
  const addButton = h('button', { type: 'submit', class: 'btn btn--primary' }, 'Add');
  const form = h(
    'form',
    { class: 'add', 'aria-label': 'Add a to-do' },
    h('label', { for: 'new-todo', class: 'label' }, 'New to-do'),
    h('div', { class: 'add__row' }, input, addButton),
    h('p', { id: 'new-todo-hint', class: 'hint' }, 'Press Enter to add.'),
  );

  const filterButtons = new Map<Filter, { button: HTMLButtonElement; badge: HTMLSpanElement }>();
  const filters = h('div', { class: 'filters', role: 'group', 'aria-label': 'Show' });
  for (const f of FILTERS) {
    const badge = h('span', { class: 'badge', 'data-testid': `count-${f}` }, '–');
    const button = h('button', { type: 'button', class: 'filter', 'aria-pressed': String(f === filter), 'data-filter': f }, FILTER_LABEL[f], badge);
    button.addEventListener('click', () => {
      if (filter === f) return;
      filter = f;
      for (const [key, entry] of filterButtons) entry.button.setAttribute('aria-pressed', String(key === f));
      void load();
    });
    filterButtons.set(f, { button, badge });
    filters.append(button);
  }

  const list = h('ul', { class: 'todos', 'aria-label': 'To-dos', 'data-testid': 'todo-list' });
  const empty = h('p', { class: 'empty', hidden: true });
  const summary = h('p', { class: 'summary', 'data-testid': 'summary' });

  const el = h(
    'main',
    { id: 'main', class: 'screen', 'data-screen': 'signed-in' },
    h('section', { class: 'card' }, form, h('div', { class: 'toolbar' }, filters, summary), list, empty),
  );

  const renderCounts = (counts: Counts): void => {
    for (const [key, entry] of filterButtons) entry.badge.textContent = String(counts[key]);
    summary.textContent = counts.all === 0 ? '' : `${plural(counts.active, 'item')} left`;
  };

  const actions: TodoItemActions = {
    async toggle(todo, done) {
      return mutate(`Couldn't update “${todo.text}”`, () => store.setDone(todo._id, done), done ? `Done: “${todo.text}”` : `Reopened “${todo.text}”`);
    },
    async rename(todo, text) {
      return mutate(`Couldn't rename “${todo.text}”`, () => store.rename(todo._id, text), `Renamed to “${text}”`);
    },
    async remove(todo) {
      const ok = await mutate(`Couldn't delete “${todo.text}”`, () => store.remove(todo._id), `Deleted “${todo.text}”`);
      if (ok) input.focus();
      return ok;
    },
  };

  const renderList = (todos: TodoRecord[]): void => {
    list.replaceChildren(...todos.map((todo) => renderTodoItem(todo, actions)));
    empty.hidden = todos.length > 0;
    empty.textContent = EMPTY_TEXT[filter];
  };

  async function load(): Promise<void> {
    const seq = ++loadSeq;
    const { signal } = controller;
    list.setAttribute('aria-busy', 'true');
    try {
      const [todos, counts] = await Promise.all([store.list(filter, signal), store.counts(signal)]);
      if (seq !== loadSeq) return; // a newer load is on its way
      renderList(todos);
      renderCounts(counts);
      el.dataset['loaded'] = 'true';
    } catch (err) {
      if (!isAbort(err) && seq === loadSeq) announcer.error(describeError("Couldn't load your to-dos", err));
    } finally {
      if (seq === loadSeq) list.removeAttribute('aria-busy');
    }
  }

  async function mutate(failure: string, change: () => Promise<void>, success: string): Promise<boolean> {
    try {
      await change();
    } catch (err) {
      if (!isAbort(err)) announcer.error(describeError(failure, err));
      return false;
    }
    announcer.clearError();
    announcer.status(success);
    await load();
    return true;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (text === '') {
      announcer.status('Type something to add first.');
      input.focus();
      return;
    }
    addButton.disabled = true;
    void mutate("Couldn't add the to-do", () => store.add(text), `Added “${text}”`).then((ok) => {
      addButton.disabled = false;
      if (ok) {
        // Only clear what was submitted: the user may have kept typing meanwhile.
        if (input.value.trim() === text) input.value = '';
        saveDraft(input.value);
      }
      input.focus();
    });
  });

  return {
    el,
    load,
    dispose() {
      controller.abort();
      controller = new AbortController();
    },
  };
}
