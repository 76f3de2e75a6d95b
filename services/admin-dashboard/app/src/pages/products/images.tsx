import { Button, ErrorMessage, useApi } from '@b2b/web-kit/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, type FormEvent, useState } from 'react';
import type { Product, ProductImage } from '../../types.ts';

/**
 * Upload with a preview of the chosen file. The preview is a data: URL (the CSP allows data:
 * images, not blob:); size and type are judged by the API (5 MB, jpeg/png/webp by content), whose
 * message is shown as it is.
 */
export function ProductImages({ product }: { product: Product }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [preview, setPreview] = useState<string | undefined>();
  const [formKey, setFormKey] = useState(0);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['product', product.id] });
  const upload = useMutation({
    mutationFn: (form: FormData) =>
      api.request<ProductImage>('POST', `/admin/products/${product.id}/images`, form),
    onSuccess: () => {
      setPreview(undefined);
      setFormKey(formKey + 1);
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (imageId: string) => api.request('DELETE', `/admin/products/${product.id}/images/${imageId}`),
    onSuccess: () => void refresh(),
  });
  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    upload.reset();
    const file = event.currentTarget.files?.[0];
    if (!file) return setPreview(undefined);
    const reader = new FileReader();
    reader.onload = () => setPreview(typeof reader.result === 'string' ? reader.result : undefined);
    reader.readAsDataURL(file);
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    upload.mutate(new FormData(event.currentTarget));
  };
  return (
    <section aria-labelledby="images-heading">
      <h2 id="images-heading">Images</h2>
      {product.images.length === 0 ? (
        <p className="muted">No images yet.</p>
      ) : (
        <ul className="thumbs">
          {product.images.map((image) => (
            <li key={image.id}>
              <img src={image.thumbnailUrl || image.url} alt={image.alt || `${product.name} image`} />
              <Button
                className="react-aria-Button secondary"
                aria-label={`Remove image ${image.alt || image.id}`}
                isDisabled={remove.isPending}
                onPress={() => remove.mutate(image.id)}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      {remove.isError && <ErrorMessage error={remove.error} />}
      <form key={formKey} onSubmit={onSubmit} aria-label="Upload an image">
        <div className="field">
          <label htmlFor="image-file">Image file (JPEG, PNG or WebP, at most 5 MB)</label>
          <input
            id="image-file"
            name="file"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            required
            onChange={onFile}
          />
        </div>
        <div className="field">
          <label htmlFor="image-alt">Description for screen readers (alt text)</label>
          <input id="image-alt" name="alt" maxLength={300} />
        </div>
        {preview && (
          <figure>
            <img className="thumbs-preview" src={preview} alt="Preview of the chosen file" width={160} />
            <figcaption>Preview</figcaption>
          </figure>
        )}
        {upload.isError && <ErrorMessage error={upload.error} />}
        {upload.isSuccess && <p role="status">Image uploaded.</p>}
        <Button type="submit" isDisabled={upload.isPending}>
          {upload.isPending ? 'Uploading…' : 'Upload image'}
        </Button>
      </form>
    </section>
  );
}
