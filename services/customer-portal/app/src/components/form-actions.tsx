import { Button } from '@b2b/web-kit/ui';

/** An edit-in-place form's buttons: submit, and cancel back to the shown item. */
export function SaveOrCancel({
  saveLabel = 'Save',
  isPending,
  onCancel,
}: {
  saveLabel?: string;
  isPending: boolean;
  onCancel: () => void;
}) {
  return (
    <div className="actions">
      <Button type="submit" isDisabled={isPending}>
        {saveLabel}
      </Button>
      <Button className="react-aria-Button secondary" onPress={onCancel}>
        Cancel
      </Button>
    </div>
  );
}
