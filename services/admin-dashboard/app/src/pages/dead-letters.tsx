import { Button, DataTable, ErrorMessage, formatDateTime, QueryView, useApi } from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useSearchParams } from 'react-router';

/** GET /api/v1/admin/dead-letters/{consumer}: one letter, never the event's data. */
interface DeadLetter {
  id: string;
  type: string;
  attempts: number;
  reason: string | null;
  deadLetteredAt: string | null;
}

interface Overview {
  bus: 'docstore' | 'sns-sqs';
  consumers: { consumer: string; total: number }[];
}

const plural = (n: number) => `${n} ${n === 1 ? 'letter' : 'letters'}`;

/**
 * An action that asks first: redriving hands events to a consumer again (emails, stock, payments),
 * so one press never does it. Focus moves to the question's confirm button and back on cancel.
 */
function Confirmed(props: {
  label: string;
  accessibleLabel?: string;
  question: string;
  confirm: string;
  isPending: boolean;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button
        className="react-aria-Button secondary"
        isDisabled={props.isPending}
        aria-label={props.accessibleLabel ?? props.label}
        onPress={() => setAsking(true)}
      >
        {props.label}
      </Button>
    );
  }
  return (
    <fieldset className="actions">
      <legend>{props.question}</legend>
      <Button
        autoFocus
        onPress={() => {
          setAsking(false);
          props.onConfirm();
        }}
      >
        {props.confirm}
      </Button>
      <Button className="react-aria-Button secondary" onPress={() => setAsking(false)}>
        Cancel
      </Button>
    </fieldset>
  );
}

function ConsumerLetters({
  consumer,
  total,
  bus,
}: {
  consumer: string;
  total: number;
  bus: Overview['bus'];
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [result, setResult] = useState<ReactNode>();
  const redrive = useMutation({
    mutationFn: (eventIds?: string[]) =>
      api.request<{ moved: number }>(
        'POST',
        `/admin/dead-letters/${encodeURIComponent(consumer)}/redrive`,
        eventIds ? { eventIds } : {},
      ),
    onMutate: () => setResult(undefined),
    onSuccess: ({ moved }, eventIds) => {
      // SQS moves "all" in a background task: the count is what it started with.
      const how =
        bus === 'sns-sqs' && !eventIds ? 'are being moved' : moved === 1 ? 'was moved' : 'were moved';
      setResult(`${plural(moved)} ${how} back to the ${consumer} queue.`);
      void queryClient.invalidateQueries({ queryKey: ['list'] });
      void queryClient.invalidateQueries({ queryKey: ['dead-letters'] });
    },
  });

  return (
    <section aria-labelledby="letters-heading">
      <h2 id="letters-heading">{consumer}</h2>
      <div className="actions">
        {total > 0 && (
          <Confirmed
            label="Redrive all"
            accessibleLabel={`Redrive all of ${consumer}`}
            question={`Move all ${plural(total)} back to the ${consumer} queue?`}
            confirm="Yes, redrive all"
            isPending={redrive.isPending}
            onConfirm={() => redrive.mutate(undefined)}
          />
        )}
      </div>
      <p role="status" className={result ? 'notice' : undefined}>
        {result}
      </p>
      {redrive.isError && <ErrorMessage error={redrive.error} />}
      <DataTable<DeadLetter>
        label={`Dead letters of ${consumer}`}
        path={`/admin/dead-letters/${encodeURIComponent(consumer)}`}
        rowKey={(l) => l.id}
        empty={`No dead letters for ${consumer}: every event was handled.`}
        columns={[
          { key: 'id', header: 'Event id', rowHeader: true, cell: (l) => <code>{l.id}</code> },
          { key: 'type', header: 'Type', cell: (l) => l.type },
          { key: 'attempts', header: 'Attempts', cell: (l) => l.attempts },
          { key: 'reason', header: 'Reason', cell: (l) => l.reason ?? 'not recorded (see the service log)' },
          {
            key: 'deadLetteredAt',
            header: 'Dead-lettered',
            cell: (l) => (l.deadLetteredAt ? formatDateTime(l.deadLetteredAt) : 'not recorded'),
          },
          {
            key: 'actions',
            header: 'Actions',
            cell: (l) => (
              <Confirmed
                label="Redrive"
                accessibleLabel={`Redrive ${l.type} ${l.id}`}
                question="Redrive this event?"
                confirm="Yes, redrive"
                isPending={redrive.isPending}
                onConfirm={() => redrive.mutate([l.id])}
              />
            ),
          },
        ]}
      />
    </section>
  );
}

/** The event bus's dead letters: counts per consumer, one consumer's letters, redrive with a confirmation. */
export function DeadLettersPage() {
  const api = useApi();
  const [url, setUrl] = useSearchParams();
  // Counts only: the letters come from the chosen consumer's own paged list.
  const overview = useQuery({
    queryKey: ['dead-letters'],
    queryFn: () => api.get<Overview>('/admin/dead-letters?limit=1'),
    staleTime: 0,
  });
  const choose = (consumer: string) => {
    const next = new URLSearchParams();
    next.set('consumer', consumer);
    setUrl(next);
  };
  return (
    <section>
      <h1>Dead letters</h1>
      <p className="muted">
        Events a consumer failed to handle on every delivery. Fix the cause, then hand them back to it.
      </p>
      <QueryView query={overview}>
        {(o) => {
          const withLetters = o.consumers.filter((c) => c.total > 0);
          const chosen =
            o.consumers.find((c) => c.consumer === url.get('consumer')) ?? withLetters[0] ?? undefined;
          return (
            <>
              <nav className="actions" aria-label="Consumers">
                {o.consumers.map((c) => (
                  <Button
                    key={c.consumer}
                    className={`react-aria-Button${c.consumer === chosen?.consumer ? '' : ' secondary'}`}
                    aria-pressed={c.consumer === chosen?.consumer}
                    onPress={() => choose(c.consumer)}
                  >
                    {`${c.consumer}: ${c.total}`}
                  </Button>
                ))}
              </nav>
              {withLetters.length === 0 && !url.get('consumer') ? (
                <p className="notice">No dead letters: every consumer handled every event.</p>
              ) : (
                chosen && (
                  <ConsumerLetters
                    key={chosen.consumer}
                    consumer={chosen.consumer}
                    total={chosen.total}
                    bus={o.bus}
                  />
                )
              )}
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
