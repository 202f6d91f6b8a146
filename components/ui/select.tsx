import { clsx } from 'clsx';
import { ChevronDown } from 'lucide-react';
import type { SelectHTMLAttributes } from 'react';
import { controlClasses } from './styles';

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  options?: SelectOption[];
  /** First, empty-valued option (e.g. "All severities"). */
  placeholder?: string;
}

/** A native <select> (keyboard and screen-reader behaviour for free), styled like Input. */
export function Select({ options, placeholder, className, children, ...rest }: SelectProps) {
  return (
    <div className={clsx('relative', className)}>
      <select className={clsx(controlClasses, 'h-9 appearance-none pr-8')} {...rest}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options?.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
        {children}
      </select>
      <ChevronDown className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-muted" aria-hidden="true" />
    </div>
  );
}
