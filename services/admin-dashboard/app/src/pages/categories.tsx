import { ApiError, Button, ErrorMessage, Field, QueryView, SelectField, useApi } from '@b2b/web-kit/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { categoriesKey, type FlatCategory, flatten, useCategoryTree } from '../categories-data.ts';
import { text } from '../forms.ts';
import type { CategoryNode } from '../types.ts';

function useCategoryWrite() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (write: { method: 'POST' | 'PATCH' | 'DELETE'; path: string; body?: unknown }) =>
      api.request(write.method, write.path, write.body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: categoriesKey }),
  });
}

/** The parents a category may move under: not itself, not its own subtree (the API refuses cycles too). */
function parentOptions(all: readonly FlatCategory[], self?: FlatCategory) {
  const excluded = new Set<string>();
  if (self) {
    excluded.add(self.id);
    for (const c of all) if (c.parentId && excluded.has(c.parentId)) excluded.add(c.id);
  }
  return all.filter((c) => !excluded.has(c.id)).map((c) => ({ value: c.id, label: c.path }));
}

function CategoryRow({ node, all }: { node: CategoryNode; all: readonly FlatCategory[] }) {
  const category = all.find((c) => c.id === node.id) as FlatCategory;
  const write = useCategoryWrite();
  const [editing, setEditing] = useState(false);
  const error = write.error instanceof ApiError ? write.error : undefined;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    write.mutate(
      {
        method: 'PATCH',
        path: `/admin/categories/${category.id}`,
        body: { name: text(data, 'name'), parentId: text(data, 'parentId') || null },
      },
      { onSuccess: () => setEditing(false) },
    );
  };
  return (
    <li>
      <div className="actions">
        <span>
          <strong>{category.name}</strong> <span className="muted">/{category.slug}</span>
        </span>
        <Button
          className="react-aria-Button secondary"
          aria-label={`Rename or move ${category.name}`}
          aria-expanded={editing}
          onPress={() => setEditing(!editing)}
        >
          Rename or move
        </Button>
        <Button
          className="react-aria-Button danger"
          aria-label={`Delete ${category.name}`}
          isDisabled={write.isPending}
          onPress={() => write.mutate({ method: 'DELETE', path: `/admin/categories/${category.id}` })}
        >
          Delete
        </Button>
      </div>
      {editing && (
        <form onSubmit={onSubmit} aria-label={`Rename or move ${category.name}`}>
          <div className="form-row">
            <Field
              name="name"
              label="Name"
              isRequired
              defaultValue={category.name}
              error={error?.fieldMessage('name')}
            />
            <SelectField
              name="parentId"
              label="Parent"
              emptyOption="(top level)"
              options={parentOptions(all, category)}
              defaultValue={category.parentId ?? ''}
              error={error?.fieldMessage('parentId')}
            />
            <Button type="submit">Save</Button>
          </div>
        </form>
      )}
      {/* A category with products or children is refused (409): the API says why. */}
      {write.isError && <ErrorMessage error={write.error} />}
      {node.children.length > 0 && (
        <ul className="tree">
          {node.children.map((child) => (
            <CategoryRow key={child.id} node={child} all={all} />
          ))}
        </ul>
      )}
    </li>
  );
}

function NewCategory({ all }: { all: readonly FlatCategory[] }) {
  const write = useCategoryWrite();
  const [formKey, setFormKey] = useState(0);
  const error = write.error instanceof ApiError ? write.error : undefined;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const body: Record<string, unknown> = { name: text(data, 'name') };
    if (text(data, 'slug')) body.slug = text(data, 'slug');
    if (text(data, 'parentId')) body.parentId = text(data, 'parentId');
    write.mutate(
      { method: 'POST', path: '/admin/categories', body },
      { onSuccess: () => setFormKey(formKey + 1) },
    );
  };
  return (
    <form key={formKey} onSubmit={onSubmit} aria-labelledby="new-category">
      <h2 id="new-category">New category</h2>
      <div className="form-row">
        <Field name="name" label="Name" isRequired error={error?.fieldMessage('name')} />
        <Field name="slug" label="Slug (optional)" error={error?.fieldMessage('slug')} />
        <SelectField name="parentId" label="Parent" emptyOption="(top level)" options={parentOptions(all)} />
      </div>
      {write.isError && <ErrorMessage error={write.error} />}
      <Button type="submit" isDisabled={write.isPending}>
        Add category
      </Button>
    </form>
  );
}

export function CategoriesPage() {
  const tree = useCategoryTree();
  return (
    <section>
      <h1>Categories</h1>
      <QueryView query={tree}>
        {(nodes) => {
          const all = flatten(nodes);
          return (
            <>
              {all.length === 0 ? (
                <p className="notice">No categories yet.</p>
              ) : (
                <ul className="tree" aria-label="Category tree">
                  {nodes.map((node) => (
                    <CategoryRow key={node.id} node={node} all={all} />
                  ))}
                </ul>
              )}
              <NewCategory all={all} />
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
