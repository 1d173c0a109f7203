import { IsInt, IsString, MinLength, getMetadataStorage, registerDecorator, validate } from 'class-validator';
import { installValidationMetadataCache } from './validation-cache';

installValidationMetadataCache();

class Base {
  @IsString() name!: string;
}

describe('validation metadata cache', () => {
  it('validates as before, twice in a row (cached), including whitelist stripping', async () => {
    const ok = Object.assign(new Base(), { name: 'a', extra: 1 });
    expect(await validate(ok, { whitelist: true })).toHaveLength(0);
    expect(ok).not.toHaveProperty('extra');
    const bad = Object.assign(new Base(), { name: 5 });
    expect((await validate(bad)).map((e) => e.property)).toEqual(['name']);
    expect((await validate(Object.assign(new Base(), { name: 6 }))).map((e) => e.property)).toEqual(['name']);
  });

  it('sees metadata of classes defined after the first validation (the memo is cleared)', async () => {
    expect(await validate(Object.assign(new Base(), { name: 'a' }))).toHaveLength(0);
    class Later extends Base {
      @IsInt() n!: number;
      @MinLength(3) code!: string;
    }
    const errors = await validate(Object.assign(new Later(), { name: 1, n: 'x', code: 'ab' }));
    expect(errors.map((e) => e.property).sort()).toEqual(['code', 'n', 'name']);
  });

  it('sees a rule added to an already validated class', async () => {
    class Late {
      @IsString() name!: string;
    }
    expect(await validate(Object.assign(new Late(), { name: 'a', tag: 'x' }))).toHaveLength(0);
    registerDecorator({
      target: Late,
      propertyName: 'tag',
      validator: { validate: (value: unknown) => value === 'ok' },
      options: { message: 'tag must be ok' },
    });
    const errors = await validate(Object.assign(new Late(), { name: 'a', tag: 'x' }));
    expect(errors.map((e) => e.property)).toEqual(['tag']);
  });

  it('is installed once', () => {
    const storage = getMetadataStorage();
    const lookup = storage.getTargetValidationMetadatas;
    installValidationMetadataCache();
    expect(storage.getTargetValidationMetadatas).toBe(lookup);
  });
});
