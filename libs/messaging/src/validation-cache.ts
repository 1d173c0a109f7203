import { getMetadataStorage, type MetadataStorage } from 'class-validator';

type Lookup = MetadataStorage['getTargetValidationMetadatas'];
type Metadatas = ReturnType<Lookup>;
type Grouped = ReturnType<MetadataStorage['groupByPropertyName']>;

const INSTALLED = Symbol.for('uplaces.validationMetadataCache');

/**
 * class-validator recomputes a class's validation metadata on every validate() call, scanning every
 * decorated class in the process for ancestors (O(classes) per object; it was the largest single cost
 * of validating an event). Metadata only changes when a decorated class is defined, so this memoizes
 * the lookup and its grouping per class and clears the memo whenever metadata is added. Results are
 * only read by class-validator, never mutated. Idempotent; installed when @app/messaging loads.
 */
export function installValidationMetadataCache(storage: MetadataStorage = getMetadataStorage()): void {
  const marked = storage as MetadataStorage & { [INSTALLED]?: true };
  if (marked[INSTALLED]) return;
  marked[INSTALLED] = true;

  let lookups = new Map<unknown, Map<string, Metadatas>>();
  let groups = new WeakMap<Metadatas, Grouped>();
  const clear = () => {
    lookups = new Map();
    groups = new WeakMap();
  };

  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const addValidation = storage.addValidationMetadata.bind(storage);
  const addConstraint = storage.addConstraintMetadata.bind(storage);

  storage.addValidationMetadata = (metadata) => {
    clear();
    addValidation(metadata);
  };
  storage.addConstraintMetadata = (metadata) => {
    clear();
    addConstraint(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groupNames) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groupNames ? JSON.stringify(groupNames) : ''}`;
    let perTarget = lookups.get(target);
    if (!perTarget) lookups.set(target, (perTarget = new Map()));
    let found = perTarget.get(key);
    if (!found) perTarget.set(key, (found = lookup(target, schema, always, strictGroups, groupNames)));
    return found;
  };
  storage.groupByPropertyName = (metadata) => {
    let found = groups.get(metadata);
    if (!found) groups.set(metadata, (found = group(metadata)));
    return found;
  };
}
