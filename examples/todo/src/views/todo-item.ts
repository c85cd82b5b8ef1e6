/** One row of the list: a checkbox labelled with the text, and Edit / Delete buttons; inline editing. */
import { h } from '../dom';
import type { TodoRecord } from '../todos';

/** What a row can ask the list to do. Each returns when the database has answered. */
export interface TodoItemActions {
  toggle(todo: TodoRecord, done: boolean): Promise<boolean>;
  rename(todo: TodoRecord, text: string): Promise<boolean>;
  remove(todo: TodoRecord): Promise<boolean>;
}

/** Renders a row. */
export function renderTodoItem(todo: TodoRecord, actions: TodoItemActions): HTMLLIElement {
  const checkId = `todo-${todo._id}`;
  const li = h('li', { class: 'todo', 'data-id': todo._id, 'data-done': String(todo.done) });

  const setBusy = (busy: boolean): void => {
    li.classList.toggle('todo--busy', busy);
    for (const control of li.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button, input')) {
      control.disabled = busy;
    }
  };

  const showView = (): void => {
    const check = h('input', { type: 'checkbox', id: checkId, class: 'todo__check' });
    check.checked = todo.done;
    check.addEventListener('change', () => {
      setBusy(true);
      void actions.toggle(todo, check.checked).then((ok) => {
        if (!ok) check.checked = todo.done;
        setBusy(false);
      });
    });
    const editButton = h(
      'button',
      { type: 'button', class: 'btn btn--ghost btn--small', 'aria-label': `Edit “${todo.text}”` },
      'Edit',
    );
    editButton.addEventListener('click', showEditor);
    const deleteButton = h(
      'button',
      { type: 'button', class: 'btn btn--ghost btn--small btn--danger', 'aria-label': `Delete “${todo.text}”` },
      'Delete',
    );
    deleteButton.addEventListener('click', () => {
      setBusy(true);
      void actions.remove(todo).then((ok) => {
        if (!ok) setBusy(false);
      });
    });
    li.replaceChildren(
      check,
      h('label', { for: checkId, class: 'todo__text' }, todo.text),
      h('div', { class: 'todo__actions' }, editButton, deleteButton),
    );
  };

  function showEditor(): void {
    const inputId = `edit-${todo._id}`;
    const input = h('input', { id: inputId, class: 'input todo__input', autocomplete: 'off', maxlength: 500 });
    input.value = todo.text;
    const form = h(
      'form',
      { class: 'todo__edit' },
      h('label', { for: inputId, class: 'sr-only' }, `Edit “${todo.text}”`),
      input,
      h('button', { type: 'submit', class: 'btn btn--primary btn--small' }, 'Save'),
      h('button', { type: 'button', class: 'btn btn--ghost btn--small', onclick: () => cancel() }, 'Cancel'),
    );
    const cancel = (): void => {
      showView();
      li.querySelector<HTMLButtonElement>('.todo__actions button')?.focus();
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        cancel();
      }
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (text === '' || text === todo.text) {
        cancel();
        return;
      }
      setBusy(true);
      void actions.rename(todo, text).then((ok) => {
        if (!ok) setBusy(false);
      });
    });
    li.replaceChildren(form);
    input.focus();
    input.select();
  }

  showView();
  return li;
}
