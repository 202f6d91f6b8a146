/** UI primitives. Import from '@/components/ui'. */
export { Button, ButtonLink, buttonClasses, type ButtonProps, type ButtonVariant, type ButtonSize } from './button';
export { Card, CardHeader, CardBody, CardFooter, Stat } from './card';
export { Badge, SeverityBadge, GradeBadge, type BadgeTone, type Severity, type Grade } from './badge';
export { Input, Textarea, Label } from './input';
export { Field } from './field';
export { controlClasses } from './styles';
export { Select, type SelectOption, type SelectProps } from './select';
export { Dialog, ConfirmDialog } from './dialog';
export { Table, TableCaption, THead, TBody, TR, TH, TD } from './table';
export { EmptyState, ErrorState, Skeleton, LoadingRows } from './states';
export { PageHeader } from './page-header';
export { RelativeTime } from './relative-time';
export { CopyButton } from './copy-button';
