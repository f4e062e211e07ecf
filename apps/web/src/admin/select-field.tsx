import { useId, type ReactNode } from "react";

/** A labelled <select>, shaped like TextField so forms line up. */
export function SelectField(props: { name: string; label: string; value: string; onChange: (v: string) => void; children: ReactNode; error?: string | undefined }) {
  const id = useId();
  return (
    <div className={props.error ? "field field-error" : "field"}>
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        {...(props.error ? { "aria-describedby": `${id}-err` } : {})}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.children}
      </select>
      {props.error ? <p id={`${id}-err`} className="field-message">{props.error}</p> : null}
    </div>
  );
}
