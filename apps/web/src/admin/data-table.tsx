import type { ReactNode } from "react";

/**
 * A console table: `head` is the header row's cells, `children` the body rows. Focusable because at phone width it
 * scrolls sideways (admin.css) and a keyboard must be able to reach it.
 */
export function DataTable({ head, children, testId }: { head: ReactNode; children: ReactNode; testId?: string | undefined }) {
  return (
    <table className="table" tabIndex={0} data-testid={testId}>
      <thead>
        <tr>{head}</tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
