import { AppError, errors } from '@b2b/shared/errors';

/** The order service's domain errors, created once with a stable code (problem+json via the handler). */
export const orderErrors = {
  unknownSku: (sku: string) =>
    new AppError({ status: 404, code: 'UNKNOWN_SKU', detail: `No product with sku ${sku} can be ordered` }),
  quantityRule: (sku: string, messages: string[]) =>
    errors.badRequest(
      messages.join('; '),
      'QUANTITY_RULE',
      messages.map((message) => ({ path: '/quantity', message: `${sku}: ${message}` })),
    ),
  cartItemNotFound: () => errors.notFound('Cart item', 'CART_ITEM_NOT_FOUND'),
  cartTooLarge: (max: number) => errors.badRequest(`A cart holds at most ${max} lines`, 'CART_TOO_LARGE'),
  cartBusy: () =>
    new AppError({
      status: 409,
      code: 'CART_BUSY',
      detail: 'The cart kept changing while this request tried to update it; try again',
    }),
  cartChangedDuringCheckout: () =>
    new AppError({
      status: 409,
      code: 'CART_CHANGED',
      detail: 'The cart changed (or was ordered) while checking out; review it and try again',
    }),
  emptyCart: () => errors.badRequest('The cart is empty', 'EMPTY_CART'),
  notOrderable: (problems: { path: string; message: string }[]) =>
    new AppError({
      status: 409,
      code: 'CART_NOT_ORDERABLE',
      detail: 'Some lines cannot be ordered as they are; review the cart',
      errors: problems,
    }),
  companyOnHold: () => errors.forbidden('Your company is on hold and cannot place orders', 'COMPANY_ON_HOLD'),
  orderNotFound: () => errors.notFound('Order', 'ORDER_NOT_FOUND'),
  invalidTransition: (status: string, action: string) =>
    errors.conflict(`An order that is ${status} cannot be ${action}`, 'INVALID_ORDER_STATE'),
  ownOrderApproval: () =>
    errors.forbidden('You cannot approve or reject your own order', 'OWN_ORDER_APPROVAL'),
  notApproverForLevel: (roles: readonly string[]) =>
    errors.forbidden(
      `The next approval of this order must come from a member with the role ${roles.join(' or ')}`,
      'NOT_APPROVER_FOR_LEVEL',
    ),
  alreadyApproved: () =>
    errors.forbidden(
      'You have already approved this order; the next level needs someone else',
      'ALREADY_APPROVED',
    ),
  notOwner: () =>
    errors.forbidden('Only the buyer or a company admin can cancel this order', 'NOT_ORDER_OWNER'),
  csvTooLong: (max: number) =>
    errors.badRequest(`A quick order holds at most ${max} lines`, 'QUICK_ORDER_TOO_LONG'),
  invalidRange: () => errors.badRequest('`from` must be before `to`', 'INVALID_RANGE'),
};
