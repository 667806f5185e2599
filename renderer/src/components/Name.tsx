// A name (or any text a person or a file supplied) shown safely in a panel or a list: isolated from the text around
// it (a right-to-left name cannot reorder the line), cut with an ellipsis however long it is, whole on hover.
export function Name({ text, className }: { text: string | undefined; className?: string }) {
  if (!text) return null;
  return <bdi className={className ? `name ${className}` : 'name'} title={text} data-name="">{text}</bdi>;
}
