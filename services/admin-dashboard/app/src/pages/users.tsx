import { Button, DataTable, ErrorMessage, formatDateTime, useApi } from '@b2b/web-kit/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AdminUser } from '../types.ts';

function UserActions({ user }: { user: AdminUser }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (body: { status?: 'active' | 'disabled'; roles?: string[] }) =>
      api.request<AdminUser>('PATCH', `/admin/users/${user.id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['list'] }),
  });
  const isAdmin = user.roles.includes('admin');
  return (
    <div className="actions">
      {user.status !== 'invited' && (
        <Button
          className="react-aria-Button secondary"
          isDisabled={change.isPending}
          aria-label={`${user.status === 'disabled' ? 'Enable' : 'Disable'} ${user.email}`}
          onPress={() => change.mutate({ status: user.status === 'disabled' ? 'active' : 'disabled' })}
        >
          {user.status === 'disabled' ? 'Enable' : 'Disable'}
        </Button>
      )}
      <Button
        className="react-aria-Button secondary"
        isDisabled={change.isPending}
        aria-label={`${isAdmin ? 'Remove admin role from' : 'Make admin'} ${user.email}`}
        onPress={() =>
          change.mutate({
            roles: isAdmin ? user.roles.filter((r) => r !== 'admin') : [...user.roles, 'admin'],
          })
        }
      >
        {isAdmin ? 'Remove admin' : 'Make admin'}
      </Button>
      {change.isError && <ErrorMessage error={change.error} />}
    </div>
  );
}

export function UsersPage() {
  return (
    <section>
      <h1>Users</h1>
      <DataTable<AdminUser>
        label="Users"
        path="/admin/users"
        rowKey={(u) => u.id}
        filters={[
          { name: 'q', label: 'Email or name', type: 'search' },
          {
            name: 'status',
            label: 'Status',
            type: 'select',
            options: [
              { value: 'active', label: 'Active' },
              { value: 'invited', label: 'Invited' },
              { value: 'disabled', label: 'Disabled' },
            ],
          },
          { name: 'companyId', label: 'Company id', type: 'search' },
        ]}
        empty="No users match."
        columns={[
          { key: 'email', header: 'Email', rowHeader: true, cell: (u) => u.email },
          { key: 'name', header: 'Name', cell: (u) => u.name },
          { key: 'status', header: 'Status', cell: (u) => u.status },
          {
            key: 'role',
            header: 'Role',
            cell: (u) => [...u.roles, u.companyRole].filter(Boolean).join(', ') || '—',
          },
          { key: 'createdAt', header: 'Joined', cell: (u) => formatDateTime(u.createdAt) },
          { key: 'actions', header: 'Actions', cell: (u) => <UserActions user={u} /> },
        ]}
      />
    </section>
  );
}
