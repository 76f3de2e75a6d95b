/** A quote's thread (both sides) and the form to write in it while the quote is open. */
import { Button, ErrorMessage, formatDateTime, useApi } from '@b2b/web-kit/ui';
import type { Quote } from '@b2b/web-kit/ui/quote';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Form } from 'react-aria-components';
import { apiErrorOf } from '../components/api-error.ts';
import { TextAreaField } from '../components/fields.tsx';

export function QuoteThread({ quote }: { quote: Quote }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const post = useMutation({
    mutationFn: () => api.request<Quote>('POST', `/quotes/${quote.id}/messages`, { text: text.trim() }),
    onSuccess: (updated) => {
      setText('');
      queryClient.setQueryData(['quotes', quote.id], updated);
    },
  });
  const open = quote.status === 'requested' || quote.status === 'offered';
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    post.mutate();
  };
  const fieldError = apiErrorOf(post.error)?.fieldMessage('text');
  return (
    <section aria-labelledby="thread-heading">
      <h2 id="thread-heading">Messages</h2>
      {quote.messages.length === 0 ? (
        <p className="muted">No messages yet.</p>
      ) : (
        <ol className="stack thread">
          {quote.messages.map((m) => (
            <li key={m.id} className="card">
              <p>
                <strong>{m.side === 'buyer' ? 'Your company' : 'Supplier'}</strong>{' '}
                <span className="muted">{formatDateTime(m.at)}</span>
              </p>
              <p>{m.text}</p>
            </li>
          ))}
        </ol>
      )}
      {open && (
        <Form onSubmit={onSubmit}>
          <TextAreaField
            name="text"
            label="Write to the supplier"
            value={text}
            onChange={setText}
            rows={3}
            error={fieldError}
          />
          {post.isError && !fieldError && <ErrorMessage error={post.error} />}
          <Button type="submit" isDisabled={post.isPending || text.trim() === ''}>
            Send message
          </Button>
        </Form>
      )}
    </section>
  );
}
