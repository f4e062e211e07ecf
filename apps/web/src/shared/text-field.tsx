import { useId } from "react";

/** A labelled input whose error is tied to it with aria-describedby. */
export function TextField(props: {
  name: string;
  label: string;
  value: string;
  error: string | undefined;
  onChange: (v: string) => void;
  type?: string;
  autoComplete?: string;
}) {
  const id = useId();
  return (
    <div className={props.error ? "field field-error" : "field"}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        autoComplete={props.autoComplete}
        aria-invalid={props.error ? true : undefined}
        {...(props.error ? { "aria-describedby": `${id}-err` } : {})}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.error ? <p id={`${id}-err`} className="field-message">{props.error}</p> : null}
    </div>
  );
}
