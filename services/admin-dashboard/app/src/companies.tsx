import { Money, type MoneyValue, type Page, QueryView, useApi } from '@b2b/web-kit/ui';
import { useQuery } from '@tanstack/react-query';

interface AdminCompany {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly paymentTerms: string;
  readonly creditLimit: MoneyValue;
  readonly priceListId: string | null;
}

export function CompaniesPage() {
  const api = useApi();
  const companies = useQuery({
    queryKey: ['admin-companies'],
    queryFn: () => api.get<Page<AdminCompany>>('/admin/companies?limit=100'),
  });
  return (
    <section>
      <h1>Companies</h1>
      <QueryView query={companies} isEmpty={(c) => c.items.length === 0} empty="No companies yet.">
        {(c) => (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Terms</th>
                  <th scope="col">Credit limit</th>
                  <th scope="col">Price list</th>
                </tr>
              </thead>
              <tbody>
                {c.items.map((company) => (
                  <tr key={company.id}>
                    <td>{company.name}</td>
                    <td>{company.status}</td>
                    <td>{company.paymentTerms}</td>
                    <td>
                      <Money value={company.creditLimit} />
                    </td>
                    <td>{company.priceListId ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </section>
  );
}
